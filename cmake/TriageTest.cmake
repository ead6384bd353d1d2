# triage_add_test(NAME [LIBS...]) builds tests/NAME.cc into a GoogleTest
# program linked with the library (plus LIBS) and registers its tests with
# ctest. Tests may include the private headers as "src/..." and find their
# fixtures through TRIAGE_TESTDATA_DIR.
include(GoogleTest)

function(triage_add_test name)
  add_executable(${name} ${PROJECT_SOURCE_DIR}/tests/${name}.cc)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR})
  target_compile_options(${name} PRIVATE ${TRIAGE_WARNINGS})
  target_compile_definitions(${name} PRIVATE
    TRIAGE_TESTDATA_DIR="${PROJECT_SOURCE_DIR}/tests/testdata")
  if(TRIAGE_WITH_HYPERSCAN)
    target_compile_definitions(${name} PRIVATE TRIAGE_WITH_HYPERSCAN=1)
  endif()
  target_link_libraries(${name} PRIVATE triage::triage GTest::gtest_main ${ARGN})
  gtest_discover_tests(${name} WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
endfunction()
