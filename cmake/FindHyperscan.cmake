# Finds Hyperscan or Vectorscan through pkg-config (libhs.pc) and provides the
# imported target Hyperscan::hs.
find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_check_modules(PC_HS QUIET IMPORTED_TARGET libhs)
endif()
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(Hyperscan REQUIRED_VARS PC_HS_FOUND
                                  VERSION_VAR PC_HS_VERSION)
if(Hyperscan_FOUND AND NOT TARGET Hyperscan::hs)
  add_library(Hyperscan::hs INTERFACE IMPORTED)
  target_link_libraries(Hyperscan::hs INTERFACE PkgConfig::PC_HS)
endif()
