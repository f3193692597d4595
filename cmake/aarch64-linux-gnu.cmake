# Cross-compiling Hushabye for 64-bit Arm (Raspberry Pi 4/5, Pinebook, Linux
# tablets) on a Debian machine with multiarch:
#
#   dpkg --add-architecture arm64 && apt-get update
#   apt-get install crossbuild-essential-arm64 qemu-user-static  # + the :arm64 -dev packages
#   cmake -S . -B build-arm64 -DCMAKE_TOOLCHAIN_FILE=cmake/aarch64-linux-gnu.cmake
#
# (bash tools/setup.sh test-arm64 does all of it.) Debian puts the arm64
# libraries in /usr/lib/aarch64-linux-gnu beside the machine's own, so the
# root stays "/": what must change is the compiler, where CMake and
# pkg-config look for libraries, and how the tests are run (CTest runs each
# test program through qemu-aarch64-static; QEMU_LD_PREFIX=/ lets it find the
# arm64 loader and libraries in their multiarch places).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_LIBRARY_ARCHITECTURE aarch64-linux-gnu)

set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)

# Programs (cmake, sox, python) are the build machine's; libraries, headers
# and CMake package files are the target's, which multiarch keeps apart by
# their lib/aarch64-linux-gnu folders.
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# pkg-config must read the arm64 .pc files only: the amd64 ones would send
# the link to the wrong libraries.
set(PKG_CONFIG_EXECUTABLE aarch64-linux-gnu-pkg-config CACHE FILEPATH "pkg-config for arm64")

# Test programs and the e2e scripts' programs run under user-mode QEMU.
find_program(HUSHABYE_QEMU qemu-aarch64-static)
if(HUSHABYE_QEMU)
  set(CMAKE_CROSSCOMPILING_EMULATOR ${HUSHABYE_QEMU})
endif()
