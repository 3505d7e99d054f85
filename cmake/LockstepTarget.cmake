# Compiler settings shared by every Lockstep target.
function(lockstep_target_defaults target)
  target_compile_features(${target} PUBLIC cxx_std_20)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                             -Wno-sign-conversion)
    if(LOCKSTEP_WERROR)
      target_compile_options(${target} PRIVATE -Werror)
    endif()
  endif()
endfunction()

# lockstep_add_test(NAME LABEL SOURCES... LIBS ...): one GoogleTest binary, its
# tests registered with CTest one by one and labelled by layer (ctest -L core).
function(lockstep_add_test name label)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  lockstep_target_defaults(${name})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gmock_main)
  # NO_PRETTY_VALUES: test names stay the names we gave (no dump of the parameter).
  gtest_discover_tests(${name} NO_PRETTY_VALUES PROPERTIES LABELS ${label} DISCOVERY_TIMEOUT 60)
endfunction()
