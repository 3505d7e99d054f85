# `cmake --install` puts Lockstep's libraries, their headers and a CMake
# package in a prefix, so a developer's own GoogleTest/GoogleMock suite can
# simulate a site without hardware:
#
#   find_package(Lockstep 0.1 REQUIRED)
#   target_link_libraries(my_tests PRIVATE lockstep::devices GTest::gmock_main)
#
# Exported (as lockstep::<layer>): core, sim, devices, scenarios, fleet. The
# GUI and the `lockstep` executable stay in the build tree (the GUI needs
# SDL2 and a display; the executable finds the bundled scenarios in the
# source tree). tests/install/ checks the package from a clean consumer.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(LOCKSTEP_EXPORTED_LAYERS core sim devices scenarios fleet)
set(LOCKSTEP_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/Lockstep)

foreach(layer ${LOCKSTEP_EXPORTED_LAYERS})
  set_target_properties(lockstep_${layer} PROPERTIES EXPORT_NAME ${layer})
  # Each layer's headers sit in <prefix>/include/<layer>/, included as
  # "devices/site.hpp" exactly as inside the repository.
  target_include_directories(lockstep_${layer} INTERFACE
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${layer}/
    DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/${layer}
    FILES_MATCHING PATTERN "*.hpp")
endforeach()
list(TRANSFORM LOCKSTEP_EXPORTED_LAYERS PREPEND lockstep_ OUTPUT_VARIABLE _lockstep_targets)

install(TARGETS ${_lockstep_targets}
  EXPORT LockstepTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(EXPORT LockstepTargets
  NAMESPACE lockstep::
  DESTINATION ${LOCKSTEP_CMAKE_DIR})

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/LockstepConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/LockstepConfig.cmake
  INSTALL_DESTINATION ${LOCKSTEP_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/LockstepConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${CMAKE_CURRENT_BINARY_DIR}/LockstepConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/LockstepConfigVersion.cmake
  DESTINATION ${LOCKSTEP_CMAKE_DIR})
