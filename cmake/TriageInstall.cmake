# Installs the library, its headers, a CMake package (triageConfig.cmake with
# a version file) and a pkg-config file, so that find_package(triage) and
# pkg-config --libs triage both work for users.
include(CMakePackageConfigHelpers)

set(TRIAGE_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/triage)
install(TARGETS triage EXPORT triageTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY include/triage DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT triageTargets NAMESPACE triage:: DESTINATION ${TRIAGE_CMAKE_DIR})
configure_package_config_file(cmake/triageConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/triageConfig.cmake
  INSTALL_DESTINATION ${TRIAGE_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/triageConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES
  ${CMAKE_CURRENT_BINARY_DIR}/triageConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/triageConfigVersion.cmake
  cmake/FindRE2.cmake
  cmake/FindHyperscan.cmake
  DESTINATION ${TRIAGE_CMAKE_DIR})
configure_file(cmake/triage.pc.in ${CMAKE_CURRENT_BINARY_DIR}/triage.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/triage.pc
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
install(FILES packs/wallet.toml DESTINATION ${CMAKE_INSTALL_DATADIR}/triage/packs)
if(TRIAGE_BUILD_EXAMPLES)
  install(TARGETS triage_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
