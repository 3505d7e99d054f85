# Every third-party library comes from a Debian package (tools/debian-packages.txt)
# and is found here; nothing is downloaded at build time.

find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)
find_package(CLI11 REQUIRED)
find_package(nlohmann_json REQUIRED)
find_package(yaml-cpp REQUIRED)
find_package(Boost 1.74 REQUIRED)
find_package(Threads REQUIRED)

if(LOCKSTEP_BUILD_TESTS)
  find_package(GTest REQUIRED)
  # Tests only: validates the runner's JUnit XML against a schema.
  find_package(LibXml2 REQUIRED)
endif()
if(LOCKSTEP_BUILD_BENCH)
  find_package(benchmark REQUIRED)
endif()

# libphonenumber ships neither a CMake package nor a pkg-config file in Debian.
find_path(PHONENUMBER_INCLUDE_DIR phonenumbers/phonenumberutil.h REQUIRED)
find_library(PHONENUMBER_LIBRARY phonenumber REQUIRED)
add_library(phonenumber::phonenumber UNKNOWN IMPORTED)
set_target_properties(phonenumber::phonenumber PROPERTIES
  IMPORTED_LOCATION "${PHONENUMBER_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${PHONENUMBER_INCLUDE_DIR}")

# The trainer GUI (gui/): SDL2 for the window, input and the software renderer
# (its offscreen driver renders with no display), Dear ImGui 1.86 from
# libimgui-dev. Debian ships no CMake package for imgui, only a pkg-config file
# (which also brings stb). Its static library has the SDL2 platform backend but
# not the SDL renderer backend: gui/CMakeLists.txt compiles that from the
# package's documentation examples.
find_package(SDL2 REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(IMGUI REQUIRED IMPORTED_TARGET imgui)
