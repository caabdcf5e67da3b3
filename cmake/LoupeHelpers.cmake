# Small wrappers so that each folder's CMakeLists is one or two calls.

# Warnings for Loupe's own code only (third-party headers are included as SYSTEM by their targets).
function(loupe_set_warnings target)
    target_compile_options(${target} PRIVATE
        $<$<COMPILE_LANGUAGE:CXX>:-Wall -Wextra -Werror>)
endfunction()

# loupe_add_library(name [STATIC|SHARED] SOURCES ... [LINK ...] [PCH ...])
function(loupe_add_library name)
    cmake_parse_arguments(ARG "STATIC;SHARED" "" "SOURCES;LINK;PRIVATE_LINK;PCH" ${ARGN})
    set(kind STATIC)
    if(ARG_SHARED)
        set(kind SHARED)
    endif()
    add_library(${name} ${kind} ${ARG_SOURCES})
    target_include_directories(${name} PUBLIC "${PROJECT_SOURCE_DIR}")
    target_link_libraries(${name} PUBLIC ${ARG_LINK} PRIVATE ${ARG_PRIVATE_LINK})
    loupe_set_warnings(${name})
    if(ARG_PCH)
        target_precompile_headers(${name} PRIVATE ${ARG_PCH})
    endif()
    if(kind STREQUAL SHARED)
        set_target_properties(${name} PROPERTIES
            BUILD_RPATH "${LOUPE_BIN_RPATH}" INSTALL_RPATH "${LOUPE_BIN_RPATH}")
        install(TARGETS ${name} LIBRARY DESTINATION ${LOUPE_LIB_SUBDIR} COMPONENT loupe)
    endif()
endfunction()

# loupe_add_plugin(name SOURCES ... [LINK ...] [OUTPUT_DIR dir] [NO_INSTALL])
# A plugin is a Qt MODULE library linking loupe_core; its logic usually lives in a static
# library beside it so tests can link that directly.
function(loupe_add_plugin name)
    cmake_parse_arguments(ARG "NO_INSTALL" "OUTPUT_DIR" "SOURCES;LINK" ${ARGN})
    set(out "${LOUPE_PLUGIN_OUTPUT_DIR}")
    if(ARG_OUTPUT_DIR)
        set(out "${ARG_OUTPUT_DIR}")
    endif()
    add_library(${name} MODULE ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE loupe_core ${ARG_LINK})
    loupe_set_warnings(${name})
    set_target_properties(${name} PROPERTIES
        PREFIX "lib"
        LIBRARY_OUTPUT_DIRECTORY "${out}"
        BUILD_RPATH "${LOUPE_PLUGIN_RPATH}"
        INSTALL_RPATH "${LOUPE_PLUGIN_RPATH}")
    if(NOT ARG_NO_INSTALL)
        install(TARGETS ${name} LIBRARY DESTINATION ${LOUPE_PLUGIN_SUBDIR} COMPONENT loupe)
    endif()
endfunction()

# loupe_add_executable(name SOURCES ... [LINK ...])
function(loupe_add_executable name)
    cmake_parse_arguments(ARG "" "OUTPUT_NAME" "SOURCES;LINK;PCH" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE ${ARG_LINK})
    loupe_set_warnings(${name})
    if(ARG_OUTPUT_NAME)
        set_target_properties(${name} PROPERTIES OUTPUT_NAME ${ARG_OUTPUT_NAME})
    endif()
    if(ARG_PCH)
        target_precompile_headers(${name} PRIVATE ${ARG_PCH})
    endif()
    set_target_properties(${name} PROPERTIES
        BUILD_RPATH "${LOUPE_BIN_RPATH}" INSTALL_RPATH "${LOUPE_BIN_RPATH}")
endfunction()

# loupe_add_test(area/tst_thing.cpp LINK ... LABELS unit|gui|slow [TIMEOUT s] [ENV ...])
# One Qt Test executable per file, registered with CTest under "<area>/<thing>".
function(loupe_add_test source)
    cmake_parse_arguments(ARG "" "TIMEOUT" "LINK;LABELS;ENV;SOURCES" ${ARGN})
    get_filename_component(stem "${source}" NAME_WE)
    get_filename_component(dir "${source}" DIRECTORY)
    string(REPLACE "/" "_" area "${dir}")
    set(target "${area}_${stem}")
    add_executable(${target} ${source} ${ARG_SOURCES})
    target_link_libraries(${target} PRIVATE Qt6::Test ${ARG_LINK})
    target_include_directories(${target} PRIVATE "${PROJECT_SOURCE_DIR}" "${PROJECT_SOURCE_DIR}/tests")
    loupe_set_warnings(${target})
    set_target_properties(${target} PROPERTIES
        RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/tests/bin"
        BUILD_RPATH "$ORIGIN/../../${LOUPE_LIB_SUBDIR}")
    target_compile_definitions(${target} PRIVATE
        LOUPE_TEST_BIN_DIR="${CMAKE_BINARY_DIR}/${CMAKE_INSTALL_BINDIR}"
        LOUPE_TEST_FIXTURE_PLUGIN_DIR="${CMAKE_BINARY_DIR}/tests/fixtures/plugins"
        LOUPE_TEST_PLUGIN_DIR="${LOUPE_PLUGIN_OUTPUT_DIR}"
        LOUPE_TEST_SOURCE_DIR="${PROJECT_SOURCE_DIR}/tests")
    string(REGEX REPLACE "^tst_" "" name "${stem}")
    add_test(NAME "${dir}/${name}" COMMAND ${target})
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 120)
    endif()
    set_tests_properties("${dir}/${name}" PROPERTIES
        LABELS "${ARG_LABELS}" TIMEOUT ${ARG_TIMEOUT}
        ENVIRONMENT "QT_QPA_PLATFORM=xcb;LOUPE_PLUGIN_PATH=;XDG_CONFIG_HOME=${CMAKE_BINARY_DIR}/tests/config/${target};${ARG_ENV}")
endfunction()
