// --include / --exclude as huggingface_hub's filter_repo_objects (utils/_paths.py), on top of
// Python's fnmatch.fnmatchcase. The cases of tests/test_utils_paths.py come first, then
// fnmatch's own rules (Lib/fnmatch.py _translate), character by character.
#include "engine/hub/file_filter.hpp"

#include <gtest/gtest.h>

using namespace tf::engine::hub;

namespace {

std::vector<std::string> filter(const std::vector<std::string>& paths, FileFilter filter) {
  std::vector<std::string> kept;
  for (const auto& path : paths) {
    if (filter.matches(path)) kept.push_back(path);
  }
  return kept;
}

using Paths = std::vector<std::string>;
const Paths kDummyFiles{"not_hidden.pdf", "profile.jpg", ".hidden.pdf", ".hidden_picture.png"};

TEST(FileFilterHuggingfaceHubCases, AllowAndIgnore) {
  EXPECT_EQ(filter(kDummyFiles, {{"*.pdf"}, {}}), (Paths{"not_hidden.pdf", ".hidden.pdf"}));
  EXPECT_EQ(filter(kDummyFiles, {{"*.pdf"}, {".*"}}), (Paths{"not_hidden.pdf"}));
  EXPECT_EQ(filter(kDummyFiles, {{"*.png", "*.jpg"}, {}}),
            (Paths{"profile.jpg", ".hidden_picture.png"}));
  EXPECT_EQ(filter(kDummyFiles, {{"*.png", "*.jpg"}, {".*"}}), (Paths{"profile.jpg"}));
}

TEST(FileFilterHuggingfaceHubCases, FolderPatternGetsAWildcard) {
  const Paths paths{"file.txt",
                    "lfs.bin",
                    "path/to/file.txt",
                    "path/to/lfs.bin",
                    "nested/path/to/file.txt",
                    "nested/path/to/lfs.bin"};
  EXPECT_EQ(filter(paths, {{"path/to/"}, {}}), (Paths{"path/to/file.txt", "path/to/lfs.bin"}));
}

TEST(FileFilterHuggingfaceHubCases, EmptyPattern) {
  EXPECT_EQ(filter({"file.txt", "lfs.bin"}, {{""}, {}}), Paths{});
  EXPECT_EQ(filter({"file.txt", "lfs.bin"}, {{}, {""}}), (Paths{"file.txt", "lfs.bin"}));
}

TEST(FileFilterHuggingfaceHubCases, CaseSensitive) {
  EXPECT_EQ(filter({"README.md", "notes.MD"}, {{"*.MD"}, {}}), Paths{"notes.MD"});
  EXPECT_EQ(filter({"README.md", "notes.MD"}, {{"*.md"}, {}}), Paths{"README.md"});
  EXPECT_EQ(filter({"keep.txt", "drop.LOG", "keep.log"}, {{}, {"*.LOG"}}),
            (Paths{"keep.txt", "keep.log"}));
}

TEST(FileFilterHuggingfaceHubCases, BackslashesAreSeparators) {
  EXPECT_EQ(filter({"unet/config.json", "vae/config.json", "unet/model.bin"},
                   {{"unet\\config.json"}, {}}),
            Paths{"unet/config.json"});
  EXPECT_EQ(filter({"unet\\config.json", "unet\\model.bin"}, {{"unet/*.json"}, {}}),
            Paths{"unet\\config.json"});
  EXPECT_EQ(filter({"unet/config.json", "unet/model.bin"}, {{}, {"unet\\*.json"}}),
            Paths{"unet/model.bin"});
}

// TestDefaultIgnorePatterns with huggingface_hub's DEFAULT_IGNORE_PATTERNS.
TEST(FileFilterHuggingfaceHubCases, DefaultIgnorePatterns) {
  const std::vector<std::string> ignore{".git",
                                        ".git/*",
                                        "*/.git",
                                        "**/.git/**",
                                        ".cache/huggingface",
                                        ".cache/huggingface/*",
                                        "*/.cache/huggingface",
                                        "**/.cache/huggingface/**"};
  const Paths ignored{".git",
                      ".git/file.txt",
                      ".git/folder/file.txt",
                      "path/to/folder/.git",
                      "path/to/folder/.git/file.txt",
                      "path/to/.git/folder/file.txt",
                      ".cache/huggingface",
                      ".cache/huggingface/file.txt",
                      ".cache/huggingface/folder/file.txt",
                      "path/to/.cache/huggingface",
                      "path/to/.cache/huggingface/file.txt"};
  const Paths valid{".gitignore",
                    "path/foo.git/file.txt",
                    "path/.git_bar/file.txt",
                    "path/to/file.git",
                    "file.huggingface",
                    "path/file.huggingface",
                    ".cache/huggingface_folder",
                    ".cache/huggingface_folder/file.txt"};
  Paths all = ignored;
  all.insert(all.end(), valid.begin(), valid.end());
  EXPECT_EQ(filter(all, {{}, ignore}), valid);
}

TEST(Glob, StarSpansSlashesAndQuestionMarkIsOneCharacter) {
  EXPECT_TRUE(glob_match("data/*.json", "data/sub/file.json"));
  EXPECT_TRUE(glob_match("*", ""));
  EXPECT_TRUE(glob_match("**", "a/b"));
  EXPECT_TRUE(glob_match("a*b*c", "aXbYbZc"));
  EXPECT_FALSE(glob_match("a*b*c", "aXbYbZ"));
  EXPECT_TRUE(glob_match("?.txt", "a.txt"));
  EXPECT_FALSE(glob_match("?.txt", ".txt"));
  EXPECT_TRUE(glob_match("?", "/"));
  EXPECT_TRUE(glob_match("?", "é"));  // one code point, two bytes
  EXPECT_TRUE(glob_match("*", "a\nb"));
  EXPECT_FALSE(glob_match("abc", "abcd"));
  EXPECT_FALSE(glob_match("", "a"));
  EXPECT_TRUE(glob_match("", ""));
}

TEST(Glob, CharacterSets) {
  EXPECT_TRUE(glob_match("[abc].txt", "b.txt"));
  EXPECT_FALSE(glob_match("[abc].txt", "d.txt"));
  EXPECT_TRUE(glob_match("[!abc].txt", "d.txt"));
  EXPECT_FALSE(glob_match("[!abc].txt", "a.txt"));
  EXPECT_TRUE(glob_match("model-0000[0-9]", "model-00007"));
  EXPECT_FALSE(glob_match("[0-9]", "a"));
  EXPECT_TRUE(glob_match("[]]", "]"));
  EXPECT_TRUE(glob_match("[!]]", "a"));
  EXPECT_FALSE(glob_match("[!]]", "]"));
  EXPECT_TRUE(glob_match("[a-]", "-"));
  EXPECT_TRUE(glob_match("[-a]", "-"));
  EXPECT_TRUE(glob_match("[!-a]", "b"));
  EXPECT_FALSE(glob_match("[!-a]", "-"));
  EXPECT_TRUE(glob_match("[é-ê]", "ê"));
  EXPECT_TRUE(glob_match("[\\]", "\\"));
  EXPECT_TRUE(glob_match("[^a]", "^"));
  EXPECT_FALSE(glob_match("[^a]", "b"));
  EXPECT_TRUE(glob_match("[/]", "/"));
}

TEST(Glob, RangesFollowPythonsChunking) {
  // "a-b-c": range a-b, then '-' and 'c' literally.
  EXPECT_TRUE(glob_match("[a-b-c]", "-"));
  EXPECT_TRUE(glob_match("[a-b-c]", "c"));
  EXPECT_FALSE(glob_match("[a-b-c]", "d"));
  // Reversed ranges are dropped with both ends: "[z-a]" matches nothing, "[!z-a]" anything.
  EXPECT_FALSE(glob_match("[z-a]", "z"));
  EXPECT_FALSE(glob_match("[z-a]", "-"));
  EXPECT_TRUE(glob_match("[!z-a]", "z"));
  // "[c-ab-z]": c-a is dropped, b-z stays.
  EXPECT_TRUE(glob_match("[c-ab-z]", "b"));
  EXPECT_FALSE(glob_match("[c-ab-z]", "a"));
  EXPECT_TRUE(glob_match("[]-a]", "^"));  // range ']'..'a'
}

TEST(Glob, UnclosedBracketIsLiteral) {
  EXPECT_TRUE(glob_match("[abc", "[abc"));
  EXPECT_FALSE(glob_match("[abc", "a"));
  EXPECT_TRUE(glob_match("a[", "a["));
  EXPECT_TRUE(glob_match("[!", "[!"));
  EXPECT_TRUE(glob_match("[]", "[]"));
}

TEST(Glob, ManyStarsStayFast) {
  const std::string text(2000, 'a');
  EXPECT_FALSE(glob_match("*a*a*a*a*a*a*a*a*b", text));
  EXPECT_TRUE(glob_match("*a*a*a*a*a*a*a*a*", text));
}

TEST(FileFilter, IncludeThenExclude) {
  const FileFilter f{{"*.safetensors", "config.json"}, {"*fp16*"}};
  EXPECT_TRUE(f.matches("model.safetensors"));
  EXPECT_TRUE(f.matches("config.json"));
  EXPECT_FALSE(f.matches("model.fp16.safetensors"));
  EXPECT_FALSE(f.matches("pytorch_model.bin"));
  EXPECT_TRUE(FileFilter{}.matches("anything/at/all"));
}

}  // namespace

// Found by fuzz.hub_glob: sets whose reversed ranges are merged away left an empty chunk that
// was read past its end (heap-buffer-overflow under ASan).
TEST(GlobSets, RangesMergedAwayNeitherCrashNorMatchWhatTheyDropped) {
  using tf::engine::hub::glob_match;
  EXPECT_FALSE(glob_match("[b-a]", "b"));  // Python: an empty set, never matches
  EXPECT_FALSE(glob_match("[b-a]", "a"));
  EXPECT_FALSE(glob_match("[\xc2\xa6-'!-c]", "c"));  // Python: [^-c]
  EXPECT_TRUE(glob_match("[\xc2\xa6-'!-c]", "x"));
  EXPECT_FALSE(glob_match("[\xc2\xa6-'!-'!a-c]s", "bs"));
}
