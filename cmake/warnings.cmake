# Compiler warnings shared by every target of the project.
function(ifx_set_warnings target)
    target_compile_options(${target} PRIVATE
        -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual -Wcast-align
        -Wimplicit-fallthrough -Wmissing-declarations)
    if(IFX_WERROR)
        target_compile_options(${target} PRIVATE -Werror)
    endif()
endfunction()
