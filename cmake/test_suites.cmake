# ifx_add_test_suites(TARGET LABEL label [TIMEOUT seconds] [FILTER gtest_filter] [SLOW suite…])
#
# Registers one CTest test per Google Test suite of TARGET, named LABEL.SUITE (unit.wire,
# integration.pool, all/faults_test…), labelled LABEL. One process runs a whole suite, so the
# process-wide fixtures (the integration tests' ifxlite, tests/integration/server_fixture.hpp)
# start once per suite instead of once per test case, while ctest -j still spreads the suites
# over the cores and names the suite that failed; its output names the failing cases.
#
# The suites are listed after each build of TARGET (like gtest_discover_tests, POST_BUILD).
# FILTER (a --gtest_filter) keeps only the matching test cases. COST, which ctest -j uses to start
# the long suites first until it has timed them once (Testing/Temporary/CTestCostData.txt), is the
# number of cases, except for the suites named after SLOW (the longest, longest first), which
# start before all others in that order.
set(IFX_TEST_SUITES_SCRIPT "${CMAKE_CURRENT_LIST_DIR}/test_suites_list.cmake")

function(ifx_add_test_suites target)
    cmake_parse_arguments(PARSE_ARGV 1 arg "" "LABEL;TIMEOUT;FILTER" "SLOW")
    if(NOT arg_LABEL)
        message(FATAL_ERROR "ifx_add_test_suites(${target}): LABEL is required")
    endif()
    if(NOT arg_TIMEOUT)
        set(arg_TIMEOUT 600)
    endif()
    set(base "${CMAKE_CURRENT_BINARY_DIR}/${target}.${arg_LABEL}")
    string(REPLACE ";" "," slow "${arg_SLOW}")  # one argument on the command line
    add_custom_command(
        TARGET ${target} POST_BUILD
        BYPRODUCTS "${base}.suites.cmake"
        COMMAND "${CMAKE_COMMAND}"
                -D "EXECUTABLE=$<TARGET_FILE:${target}>"
                -D "WORKING_DIR=${CMAKE_CURRENT_BINARY_DIR}"
                -D "LABEL=${arg_LABEL}"
                -D "TIMEOUT=${arg_TIMEOUT}"
                -D "FILTER=${arg_FILTER}"
                -D "SLOW=${slow}"
                -D "OUTPUT=${base}.suites.cmake"
                -P "${IFX_TEST_SUITES_SCRIPT}"
        VERBATIM)
    # Before the first build there is no list: one failing placeholder says so.
    file(WRITE "${base}.include.cmake"
         "if(EXISTS \"${base}.suites.cmake\")\n"
         "  include(\"${base}.suites.cmake\")\n"
         "else()\n"
         "  add_test(${arg_LABEL}.${target}_NOT_BUILT ${target}_NOT_BUILT)\n"
         "  set_tests_properties(${arg_LABEL}.${target}_NOT_BUILT PROPERTIES LABELS ${arg_LABEL})\n"
         "endif()\n")
    set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${base}.include.cmake")
endfunction()
