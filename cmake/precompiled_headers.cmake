# IFX_PCH: precompiled headers for the test programs, so that each of their ~90 files does not
# parse Google Test, Asio and the library's headers again (about 3 s of a 5-8 s compile under the
# sanitizers). The sanitizer presets turn it on (scripts/test builds the tests only there); the dev
# preset leaves it off, so its build still proves that every file includes what it uses, and its
# compile_commands.json stays what clang-tidy (scripts/lint) reads.
option(IFX_PCH "Precompiled headers for the test programs" OFF)

# ifx_add_pch(NAME LINK target… HEADERS header…) creates NAME, an object library that only builds
# the precompiled HEADERS, compiled like a target that links LINK; programs share it through
# ifx_use_pch. Its one source is empty: the header is all it builds. Does nothing without IFX_PCH.
function(ifx_add_pch name)
    if(NOT IFX_PCH)
        return()
    endif()
    cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "LINK;HEADERS")
    set(source "${CMAKE_CURRENT_BINARY_DIR}/${name}.cpp")
    file(CONFIGURE OUTPUT "${source}" CONTENT "// Builds the precompiled header of ${name}.\n")
    add_library(${name} OBJECT "${source}")
    target_link_libraries(${name} PRIVATE ${arg_LINK})
    ifx_set_warnings(${name})
    target_precompile_headers(${name} PRIVATE ${arg_HEADERS})
endfunction()

# ifx_use_pch(NAME target…): the targets compile with NAME's precompiled header (included before
# each of their files). They must be compiled with the same options as NAME (the same warnings,
# sanitizers and build type; -Winvalid-pch makes a mismatch an error under IFX_WERROR).
function(ifx_use_pch name)
    if(NOT IFX_PCH)
        return()
    endif()
    foreach(target IN LISTS ARGN)
        target_precompile_headers(${target} REUSE_FROM ${name})
    endforeach()
endfunction()
