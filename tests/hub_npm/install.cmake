# Installs the pinned @huggingface/hub into DIR with `npm ci`, once: a stamp holding the
# lock file's hash skips the install while the lock is unchanged.
#   cmake -DNPM=/usr/bin/npm -DDIR=<build>/tests/hub_npm -P install.cmake
file(SHA256 "${DIR}/package-lock.json" lock_hash)
set(stamp "${DIR}/node_modules/.turbofetch-lock-sha256")
if(EXISTS "${stamp}")
  file(READ "${stamp}" installed_hash)
  if(installed_hash STREQUAL lock_hash AND EXISTS "${DIR}/node_modules/@huggingface/hub/package.json")
    message(STATUS "@huggingface/hub already installed in ${DIR}")
    return()
  endif()
endif()
execute_process(COMMAND "${NPM}" ci --no-audit --no-fund
  WORKING_DIRECTORY "${DIR}" RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "npm ci failed in ${DIR} (${result})")
endif()
file(WRITE "${stamp}" "${lock_hash}")
