# Warnings for our own targets only (third-party sources such as BLAKE3 are built without them).
function(tf_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
    -Wold-style-cast -Wcast-align -Wunused -Woverloaded-virtual)
  if(TF_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
