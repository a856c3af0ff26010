// The environment as huggingface_hub reads it (constants.py, utils/_auth.py).
#include "engine/hub/hub_config.hpp"

#include <sys/stat.h>

#include <fstream>
#include <map>

#include <gtest/gtest.h>

#include "io/error.hpp"
#include "support/test_support.hpp"

using namespace tf::engine::hub;

namespace {

EnvironmentLookup environment(std::map<std::string, std::string> variables) {
  return [variables = std::move(variables)](std::string_view name) -> std::optional<std::string> {
    const auto it = variables.find(std::string(name));
    if (it == variables.end()) return std::nullopt;
    return it->second;
  };
}

void write_text(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

TEST(HubConfig, DefaultsUnderHome) {
  const auto config = hub_config_from_environment(environment({{"HOME", "/home/u"}}));
  EXPECT_EQ(config.endpoint, "https://huggingface.co");
  EXPECT_EQ(config.hf_home, "/home/u/.cache/huggingface");
  EXPECT_EQ(config.hub_cache, "/home/u/.cache/huggingface/hub");
  EXPECT_EQ(config.xet_cache, "/home/u/.cache/huggingface/xet");
  EXPECT_FALSE(config.token);
  EXPECT_FALSE(config.offline);
  EXPECT_FALSE(config.disable_xet);
  EXPECT_FALSE(config.disable_symlinks);
}

TEST(HubConfig, XdgCacheHomeThenHfHome) {
  auto config =
      hub_config_from_environment(environment({{"HOME", "/h"}, {"XDG_CACHE_HOME", "/xdg"}}));
  EXPECT_EQ(config.hf_home, "/xdg/huggingface");
  EXPECT_EQ(config.hub_cache, "/xdg/huggingface/hub");
  config = hub_config_from_environment(
      environment({{"HOME", "/h"}, {"XDG_CACHE_HOME", "/xdg"}, {"HF_HOME", "/hf"}}));
  EXPECT_EQ(config.hf_home, "/hf");
  EXPECT_EQ(config.hub_cache, "/hf/hub");
  EXPECT_EQ(config.xet_cache, "/hf/xet");
}

TEST(HubConfig, HubCachePrecedence) {
  auto config = hub_config_from_environment(
      environment({{"HF_HOME", "/hf"}, {"HUGGINGFACE_HUB_CACHE", "/legacy"}}));
  EXPECT_EQ(config.hub_cache, "/legacy");
  config = hub_config_from_environment(environment(
      {{"HF_HOME", "/hf"}, {"HUGGINGFACE_HUB_CACHE", "/legacy"}, {"HF_HUB_CACHE", "/new"}}));
  EXPECT_EQ(config.hub_cache, "/new");
  config = hub_config_from_environment(environment({{"HF_HOME", "/hf"}, {"HF_XET_CACHE", "/x"}}));
  EXPECT_EQ(config.xet_cache, "/x");
}

TEST(HubConfig, EmptyValuesCountAsUnset) {
  const auto config = hub_config_from_environment(environment({{"HOME", "/h"},
                                                               {"HF_HOME", ""},
                                                               {"XDG_CACHE_HOME", ""},
                                                               {"HF_HUB_CACHE", ""},
                                                               {"HF_ENDPOINT", ""},
                                                               {"HF_XET_CACHE", ""}}));
  EXPECT_EQ(config.hf_home, "/h/.cache/huggingface");
  EXPECT_EQ(config.hub_cache, "/h/.cache/huggingface/hub");
  EXPECT_EQ(config.xet_cache, "/h/.cache/huggingface/xet");
  EXPECT_EQ(config.endpoint, "https://huggingface.co");
}

TEST(HubConfig, HomeIsNeededOnlyWithoutHfHomeAndXdg) {
  EXPECT_THROW(hub_config_from_environment(environment({})), tf::Error);
  EXPECT_NO_THROW(hub_config_from_environment(environment({{"HF_HOME", "/hf"}})));
  EXPECT_NO_THROW(hub_config_from_environment(environment({{"XDG_CACHE_HOME", "/x"}})));
}

TEST(HubConfig, PathsExpandUserAndVariablesLikePython) {
  const auto config =
      hub_config_from_environment(environment({{"HOME", "/home/u/"},
                                               {"HF_HOME", "~/hf"},
                                               {"HF_HUB_CACHE", "$DATA/${NAME}/$UNSET/x$"},
                                               {"DATA", "/data"},
                                               {"NAME", "hub"},
                                               {"HF_XET_CACHE", "~/xet"}}));
  EXPECT_EQ(config.hf_home, "/home/u/hf");
  EXPECT_EQ(config.hub_cache, "/data/hub/$UNSET/x$");
  EXPECT_EQ(config.xet_cache, "~/xet");  // HF_XET_CACHE is used as given
  EXPECT_EQ(
      hub_config_from_environment(environment({{"HOME", "/h"}, {"HF_HOME", "~user/x"}})).hf_home,
      "~user/x");
  EXPECT_EQ(
      hub_config_from_environment(environment({{"HOME", "/h"}, {"HF_HOME", "${unterminated"}}))
          .hf_home,
      "${unterminated");
  EXPECT_EQ(
      hub_config_from_environment(environment({{"XDG_CACHE_HOME", "~/c"}, {"HOME", "/h"}})).hf_home,
      "/h/c/huggingface");
}

TEST(HubConfig, EndpointLosesTrailingSlashes) {
  EXPECT_EQ(hub_config_from_environment(
                environment({{"HOME", "/h"}, {"HF_ENDPOINT", "http://127.0.0.1:8080///"}}))
                .endpoint,
            "http://127.0.0.1:8080");
}

TEST(HubConfig, TokenPrecedenceEnvironmentThenLegacyThenFile) {
  tf::test::TempDir home;
  write_text(home / "hf/token", "  hf_from_file\r\n");
  const std::map<std::string, std::string> base{{"HF_HOME", (home / "hf").string()}};
  auto with = [&](std::map<std::string, std::string> extra) {
    extra.insert(base.begin(), base.end());
    return hub_config_from_environment(environment(extra)).token;
  };
  EXPECT_EQ(with({}), "hf_from_file");
  EXPECT_EQ(with({{"HUGGING_FACE_HUB_TOKEN", "hf_legacy"}}), "hf_legacy");
  EXPECT_EQ(with({{"HF_TOKEN", "hf_env"}, {"HUGGING_FACE_HUB_TOKEN", "hf_legacy"}}), "hf_env");
  // `HF_TOKEN or HUGGING_FACE_HUB_TOKEN`: an empty HF_TOKEN falls through to the legacy name...
  EXPECT_EQ(with({{"HF_TOKEN", ""}, {"HUGGING_FACE_HUB_TOKEN", "hf_legacy"}}), "hf_legacy");
  // ...a blank one is chosen, cleans to nothing, and the file is used.
  EXPECT_EQ(with({{"HF_TOKEN", " \n "}, {"HUGGING_FACE_HUB_TOKEN", "hf_legacy"}}), "hf_from_file");
  // _clean_token drops CR and LF anywhere, then strips.
  EXPECT_EQ(with({{"HF_TOKEN", "\thf_a\nb\r "}}), "hf_ab");
}

TEST(HubConfig, TokenFileFromHfTokenPathEmptyOrMissing) {
  tf::test::TempDir home;
  write_text(home / "elsewhere/tok", "hf_elsewhere\n");
  write_text(home / "hf/token", "hf_default\n");
  const std::string hf_home = (home / "hf").string();
  auto token_with = [&](std::map<std::string, std::string> variables) {
    variables["HF_HOME"] = hf_home;
    return hub_config_from_environment(environment(variables)).token;
  };
  EXPECT_EQ(token_with({{"HF_TOKEN_PATH", (home / "elsewhere/tok").string()}}), "hf_elsewhere");
  EXPECT_EQ(token_with({{"HF_TOKEN_PATH", "$HF_HOME/token"}}), "hf_default");
  EXPECT_FALSE(token_with({{"HF_TOKEN_PATH", (home / "missing").string()}}));
  write_text(home / "hf/token", " \n");
  EXPECT_FALSE(token_with({}));
}

TEST(HubConfig, UnreadableTokenFileIsAnError) {
  tf::test::TempDir home;
  std::filesystem::create_directories(home / "hf/token");  // a folder where the file should be
  try {
    hub_config_from_environment(environment({{"HF_HOME", (home / "hf").string()}}));
    FAIL() << "a token path that is a folder was accepted";
  } catch (const tf::Error& e) {
    EXPECT_EQ(e.kind(), tf::ErrorKind::io);
    EXPECT_NE(std::string(e.what()).find("token"), std::string::npos);
  }
}

TEST(HubConfig, FlagsAreTrueFor1OnYesTrueInAnyCase) {
  for (const char* yes : {"1", "ON", "on", "Yes", "TRUE", "true"}) {
    EXPECT_TRUE(env_flag(environment({{"F", yes}}), "F")) << yes;
  }
  for (const char* no : {"0", "", "off", "no", "false", " 1", "2", "y"}) {
    EXPECT_FALSE(env_flag(environment({{"F", no}}), "F")) << no;
  }
  EXPECT_FALSE(env_flag(environment({}), "F"));
}

TEST(HubConfig, OfflineFromHfHubOfflineElseTransformersOffline) {
  auto offline = [](std::map<std::string, std::string> variables) {
    variables["HF_HOME"] = "/hf";
    return hub_config_from_environment(environment(variables)).offline;
  };
  EXPECT_TRUE(offline({{"HF_HUB_OFFLINE", "1"}}));
  EXPECT_TRUE(offline({{"TRANSFORMERS_OFFLINE", "yes"}}));
  EXPECT_TRUE(offline({{"HF_HUB_OFFLINE", ""}, {"TRANSFORMERS_OFFLINE", "1"}}));
  // `HF_HUB_OFFLINE or TRANSFORMERS_OFFLINE`: a set HF_HUB_OFFLINE decides alone.
  EXPECT_FALSE(offline({{"HF_HUB_OFFLINE", "0"}, {"TRANSFORMERS_OFFLINE", "1"}}));
  EXPECT_FALSE(offline({}));
}

TEST(HubConfig, XetAndSymlinkSwitches) {
  const auto config = hub_config_from_environment(environment(
      {{"HF_HOME", "/hf"}, {"HF_HUB_DISABLE_XET", "1"}, {"HF_HUB_DISABLE_SYMLINKS", "true"}}));
  EXPECT_TRUE(config.disable_xet);
  EXPECT_TRUE(config.disable_symlinks);
}

TEST(HubConfig, ProcessEnvironmentReadsVariables) {
  setenv("TF_HUB_CONFIG_TEST_VARIABLE", "value", 1);
  const auto env = process_environment();
  EXPECT_EQ(env("TF_HUB_CONFIG_TEST_VARIABLE"), "value");
  EXPECT_FALSE(env("TF_HUB_CONFIG_TEST_UNSET_VARIABLE"));
  unsetenv("TF_HUB_CONFIG_TEST_VARIABLE");
  EXPECT_TRUE(env("HOME").has_value());
}

}  // namespace
