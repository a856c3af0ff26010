// Where the Hub is and where its cache lives, from the environment, exactly as huggingface_hub
// reads it (constants.py, utils/_auth.py): HF_ENDPOINT, HF_TOKEN / HUGGING_FACE_HUB_TOKEN / the
// token file, HF_HOME, HF_HUB_CACHE (legacy HUGGINGFACE_HUB_CACHE), HF_XET_CACHE,
// HF_HUB_OFFLINE (or TRANSFORMERS_OFFLINE), HF_HUB_DISABLE_XET, HF_HUB_DISABLE_SYMLINKS.
// Command-line flags override these afterwards.
//
// Like huggingface_hub, paths from HF_HOME, XDG_CACHE_HOME, HF_HUB_CACHE, HUGGINGFACE_HUB_CACHE and
// HF_TOKEN_PATH get "~" and $VAR / ${VAR} expanded (os.path.expanduser, os.path.expandvars);
// HF_XET_CACHE is taken as it is. Unlike huggingface_hub, an empty HF_ENDPOINT or path variable
// counts as unset (Python would use "" and build paths relative to the working folder).
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace tf::engine::hub {

struct HubConfig {
  std::string endpoint = "https://huggingface.co";  // no trailing '/'
  std::optional<std::string> token;                 // never printed, never logged
  // $HF_HOME, else $XDG_CACHE_HOME/huggingface, else ~/.cache/huggingface
  std::filesystem::path hf_home;
  // $HF_HUB_CACHE, else $HUGGINGFACE_HUB_CACHE, else hf_home/hub
  std::filesystem::path hub_cache;
  std::filesystem::path xet_cache;  // $HF_XET_CACHE, else hf_home/xet
  bool offline = false;
  bool disable_xet = false;
  // The Xet chunk store's size limit ($HF_XET_CHUNK_CACHE_SIZE_BYTES, 0: no store).
  uint64_t xet_chunk_cache_bytes = 10ull << 30;
  bool disable_symlinks = false;  // snapshot files are copies of their blobs, not links
};

// Looks a variable up; nullopt when unset. Tests pass a map, the CLI passes getenv.
using EnvironmentLookup = std::function<std::optional<std::string>(std::string_view name)>;

// An environment flag is true for 1, ON, YES or TRUE in any case, like huggingface_hub.
bool env_flag(const EnvironmentLookup& env, std::string_view name);

// Reads the configuration. The token comes from HF_TOKEN, then HUGGING_FACE_HUB_TOKEN, then the
// file $HF_TOKEN_PATH (default hf_home/token), stripped of whitespace; an empty value counts as
// unset. HOME is needed only when HF_HOME and XDG_CACHE_HOME are both unset (tf::Error
// invalid_argument otherwise). A token file that exists but cannot be read is a tf::Error(io).
HubConfig hub_config_from_environment(const EnvironmentLookup& env);

// The process environment; HOME falls back to the password database, as Python's expanduser.
EnvironmentLookup process_environment();

}  // namespace tf::engine::hub
