# The build tree mirrors the install tree, so the binaries find their plugins and libraries
# by the same relative paths in both, whatever the prefix:
#   bin/                 loupe, loupe-cli, loupe-server
#   lib/loupe/           libloupecore.so (private to Loupe: not a public library)
#   lib/loupe/plugins/   the plugins
# Tests, fixtures and benchmarks live elsewhere in the build tree, never in lib/loupe/plugins.
set(LOUPE_LIB_SUBDIR "lib/loupe")
set(LOUPE_PLUGIN_SUBDIR "${LOUPE_LIB_SUBDIR}/plugins")
set(CMAKE_RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/${CMAKE_INSTALL_BINDIR}")
set(CMAKE_LIBRARY_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/${LOUPE_LIB_SUBDIR}")
set(CMAKE_ARCHIVE_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/archive")
set(LOUPE_PLUGIN_OUTPUT_DIR "${CMAKE_BINARY_DIR}/${LOUPE_PLUGIN_SUBDIR}")

# $ORIGIN-relative RPATHs: the same binaries run from the build tree and from any prefix.
file(RELATIVE_PATH _loupe_bin_to_lib "/${CMAKE_INSTALL_BINDIR}" "/${LOUPE_LIB_SUBDIR}")
file(RELATIVE_PATH _loupe_plugin_to_lib "/${LOUPE_PLUGIN_SUBDIR}" "/${LOUPE_LIB_SUBDIR}")
set(LOUPE_BIN_RPATH "$ORIGIN/${_loupe_bin_to_lib}")
set(LOUPE_PLUGIN_RPATH "$ORIGIN/${_loupe_plugin_to_lib}")
set(CMAKE_BUILD_RPATH_USE_ORIGIN ON)

# ccache when present keeps rebuilds quick on two cores.
find_program(LOUPE_CCACHE ccache)
if(LOUPE_CCACHE)
    set(CMAKE_C_COMPILER_LAUNCHER "${LOUPE_CCACHE}")
    set(CMAKE_CXX_COMPILER_LAUNCHER "${LOUPE_CCACHE}")
    set(CMAKE_CUDA_COMPILER_LAUNCHER "${LOUPE_CCACHE}")
endif()

option(LOUPE_FUZZ "Build the libFuzzer targets (needs clang)" OFF)
if(LOUPE_FUZZ)
    add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
                        -fno-omit-frame-pointer)
    add_link_options(-fsanitize=address,undefined)
endif()

option(LOUPE_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
if(LOUPE_SANITIZE)
    add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
    add_link_options(-fsanitize=address,undefined)
endif()
