# Finds RE2 through pkg-config (Debian's libre2-dev ships re2.pc only) and
# provides the imported target re2::re2.
find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
  pkg_check_modules(PC_RE2 QUIET IMPORTED_TARGET re2)
endif()
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(RE2 REQUIRED_VARS PC_RE2_FOUND
                                  VERSION_VAR PC_RE2_VERSION)
if(RE2_FOUND AND NOT TARGET re2::re2)
  add_library(re2::re2 INTERFACE IMPORTED)
  target_link_libraries(re2::re2 INTERFACE PkgConfig::PC_RE2)
endif()
