# TF_SANITIZE=address builds everything with ASan+UBSan; TF_SANITIZE=thread with TSan.
if(TF_SANITIZE STREQUAL "address")
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
elseif(TF_SANITIZE STREQUAL "thread")
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
elseif(TF_SANITIZE)
  message(FATAL_ERROR "TF_SANITIZE must be address, thread or empty")
endif()

