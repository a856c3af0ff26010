#include "engine/hub/hub_config.hpp"

#include <pwd.h>
#include <unistd.h>

#include <array>
#include <charconv>
#include <cstdlib>

#include "engine/hub/atomic_file.hpp"
#include "io/error.hpp"

namespace tf::engine::hub {

namespace {

constexpr std::string_view kDefaultEndpoint = "https://huggingface.co";

// A variable's value, with an empty value counted as unset.
std::optional<std::string> non_empty(const EnvironmentLookup& env, std::string_view name) {
  auto value = env(name);
  if (value && value->empty()) return std::nullopt;
  return value;
}

std::string uppercase_ascii(std::string text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return text;
}

// os.path.expanduser for "~" and "~/...": the home folder without its trailing '/'. "~user" is
// left as it is (Python would look the user up in the password database).
std::string expand_user(const std::string& path, const EnvironmentLookup& env) {
  if (path.empty() || path[0] != '~' || (path.size() > 1 && path[1] != '/')) return path;
  auto home = non_empty(env, "HOME");
  if (!home) return path;
  while (!home->empty() && home->back() == '/')
    home->pop_back();
  const std::string expanded = *home + path.substr(1);
  return expanded.empty() ? "/" : expanded;
}

bool is_variable_name_character(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// The length of a $NAME or ${NAME} reference at `dollar` (0 if none), and the name.
size_t variable_reference(const std::string& text, size_t dollar, std::string& name) {
  const size_t start = dollar + 1;
  if (start < text.size() && text[start] == '{') {
    const size_t close = text.find('}', start);
    if (close == std::string::npos) return 0;
    name = text.substr(start + 1, close - start - 1);
    return close + 1 - dollar;
  }
  size_t end = start;
  while (end < text.size() && is_variable_name_character(text[end]))
    ++end;
  name = text.substr(start, end - start);
  return end - dollar == 1 ? 0 : end - dollar;
}

// os.path.expandvars: $NAME and ${NAME} of set variables are replaced, others kept as written.
std::string expand_variables(const std::string& text, const EnvironmentLookup& env) {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t dollar = text.find('$', pos);
    if (dollar == std::string::npos) break;
    out.append(text, pos, dollar - pos);
    std::string name;
    const size_t length = variable_reference(text, dollar, name);
    const auto value = length > 0 ? env(name) : std::nullopt;
    if (length == 0) {
      out += '$';
      pos = dollar + 1;
      continue;
    }
    out += value ? *value : text.substr(dollar, length);
    pos = dollar + length;
  }
  out.append(text, std::min(pos, text.size()));
  return out;
}

std::filesystem::path expand_path(const std::string& path, const EnvironmentLookup& env) {
  return expand_variables(expand_user(path, env), env);
}

// $XDG_CACHE_HOME/huggingface, else ~/.cache/huggingface; expanded like an explicit HF_HOME.
std::filesystem::path default_hf_home(const EnvironmentLookup& env) {
  auto cache_root = non_empty(env, "XDG_CACHE_HOME");
  if (!cache_root) {
    const auto home = non_empty(env, "HOME");
    if (!home) {
      throw Error(ErrorKind::invalid_argument,
                  "cannot find the cache folder: HOME is not set; set HF_HOME or HOME");
    }
    cache_root = (std::filesystem::path(*home) / ".cache").string();
  }
  return expand_path((std::filesystem::path(*cache_root) / "huggingface").string(), env);
}

std::filesystem::path hf_home(const EnvironmentLookup& env) {
  if (auto value = non_empty(env, "HF_HOME")) return expand_path(*value, env);
  return default_hf_home(env);
}

std::filesystem::path hub_cache(const EnvironmentLookup& env, const std::filesystem::path& home) {
  if (auto value = non_empty(env, "HF_HUB_CACHE")) return expand_path(*value, env);
  if (auto value = non_empty(env, "HUGGINGFACE_HUB_CACHE")) return expand_path(*value, env);
  return home / "hub";
}

std::string endpoint(const EnvironmentLookup& env) {
  std::string value(non_empty(env, "HF_ENDPOINT").value_or(std::string(kDefaultEndpoint)));
  while (!value.empty() && value.back() == '/')
    value.pop_back();
  return value.empty() ? std::string(kDefaultEndpoint) : value;
}

bool is_python_whitespace(char c) {
  return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
}

// utils/_auth.py _clean_token: drop every CR and LF, strip surrounding whitespace; "" is no token.
std::optional<std::string> clean_token(std::string_view raw) {
  std::string token;
  for (const char c : raw) {
    if (c != '\r' && c != '\n') token += c;
  }
  size_t first = 0;
  while (first < token.size() && is_python_whitespace(token[first]))
    ++first;
  size_t last = token.size();
  while (last > first && is_python_whitespace(token[last - 1]))
    --last;
  if (first == last) return std::nullopt;
  return token.substr(first, last - first);
}

// The token file: absent means no token; present but unreadable is an error, as in Python.
std::optional<std::string> read_token_file(const std::filesystem::path& path) {
  const auto content = read_small_file(path);
  if (!content) return std::nullopt;
  return clean_token(*content);
}

std::optional<std::string> token(const EnvironmentLookup& env, const std::filesystem::path& home) {
  // `os.environ.get("HF_TOKEN") or os.environ.get("HUGGING_FACE_HUB_TOKEN")`: an empty HF_TOKEN
  // falls through to the legacy name, a blank one does not (it cleans to no token).
  auto from_environment = non_empty(env, "HF_TOKEN");
  if (!from_environment) from_environment = non_empty(env, "HUGGING_FACE_HUB_TOKEN");
  if (from_environment) {
    if (auto cleaned = clean_token(*from_environment)) return cleaned;
  }
  const auto token_path = non_empty(env, "HF_TOKEN_PATH");
  return read_token_file(token_path ? expand_path(*token_path, env) : home / "token");
}

// `_is_true(os.environ.get("HF_HUB_OFFLINE") or os.environ.get("TRANSFORMERS_OFFLINE"))`.
bool offline(const EnvironmentLookup& env) {
  return non_empty(env, "HF_HUB_OFFLINE") ? env_flag(env, "HF_HUB_OFFLINE")
                                          : env_flag(env, "TRANSFORMERS_OFFLINE");
}

std::optional<std::string> password_database_home() {
  std::array<char, 4096> buffer{};
  struct passwd entry {};
  struct passwd* found = nullptr;
  if (getpwuid_r(getuid(), &entry, buffer.data(), buffer.size(), &found) != 0 || !found ||
      !found->pw_dir) {
    return std::nullopt;
  }
  return std::string(found->pw_dir);
}

}  // namespace

bool env_flag(const EnvironmentLookup& env, std::string_view name) {
  const auto value = env(name);
  if (!value) return false;
  const std::string upper = uppercase_ascii(*value);
  return upper == "1" || upper == "ON" || upper == "YES" || upper == "TRUE";
}

namespace {

// HF_XET_CHUNK_CACHE_SIZE_BYTES: a byte count (0 turns the chunk store off); anything else is
// an error rather than a silently ignored setting.
uint64_t chunk_cache_bytes(const EnvironmentLookup& env) {
  const auto value = non_empty(env, "HF_XET_CHUNK_CACHE_SIZE_BYTES");
  if (!value) return HubConfig{}.xet_chunk_cache_bytes;
  uint64_t bytes = 0;
  const char* end = value->data() + value->size();
  const auto [at, error] = std::from_chars(value->data(), end, bytes);
  if (error != std::errc() || at != end) {
    throw Error(ErrorKind::invalid_argument,
                "HF_XET_CHUNK_CACHE_SIZE_BYTES is not a byte count: '" + *value + "'");
  }
  return bytes;
}

}  // namespace

HubConfig hub_config_from_environment(const EnvironmentLookup& env) {
  HubConfig config;
  config.endpoint = endpoint(env);
  config.hf_home = hf_home(env);
  config.hub_cache = hub_cache(env, config.hf_home);
  const auto xet = non_empty(env, "HF_XET_CACHE");
  config.xet_cache = xet ? std::filesystem::path(*xet) : config.hf_home / "xet";
  config.token = token(env, config.hf_home);
  config.offline = offline(env);
  config.disable_xet = env_flag(env, "HF_HUB_DISABLE_XET");
  config.xet_chunk_cache_bytes = chunk_cache_bytes(env);
  config.disable_symlinks = env_flag(env, "HF_HUB_DISABLE_SYMLINKS");
  return config;
}

EnvironmentLookup process_environment() {
  return [](std::string_view name) -> std::optional<std::string> {
    const std::string key(name);
    if (const char* value = std::getenv(key.c_str())) return std::string(value);
    if (key == "HOME") return password_database_home();
    return std::nullopt;
  };
}

}  // namespace tf::engine::hub
