# IFX_SANITIZE=address,undefined or thread: applied to every target of the build.
if(IFX_SANITIZE)
    add_compile_options(-fsanitize=${IFX_SANITIZE} -fno-omit-frame-pointer)
    add_link_options(-fsanitize=${IFX_SANITIZE})
    if(IFX_SANITIZE MATCHES "undefined")
        add_compile_options(-fno-sanitize-recover=undefined)
    endif()
endif()
