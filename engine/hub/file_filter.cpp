#include "engine/hub/file_filter.hpp"

#include <algorithm>
#include <variant>

#include "engine/hub/utf8.hpp"

namespace tf::engine::hub {

namespace {

// A compiled glob, one token per character of the text it matches (or any run, for '*').
// Python's fnmatch works on code points, so patterns and paths are decoded first.
struct AnyRun {};
struct AnyCharacter {};
struct Literal {
  char32_t c;
};
struct CharacterSet {
  bool negated = false;
  std::vector<std::pair<char32_t, char32_t>> ranges;  // inclusive; a single character is c..c

  bool matches(char32_t c) const {
    const bool in_set = std::any_of(ranges.begin(), ranges.end(),
                                    [c](const auto& r) { return r.first <= c && c <= r.second; });
    return in_set != negated;
  }
};
using Token = std::variant<AnyRun, AnyCharacter, Literal, CharacterSet>;

// The set's content without ranges: every character stands for itself.
CharacterSet literal_set(std::u32string_view content, bool negated) {
  CharacterSet set{negated, {}};
  for (const char32_t c : content)
    set.ranges.emplace_back(c, c);
  return set;
}

// fnmatch._translate's handling of '-': the text is cut at each range hyphen into chunks (a
// hyphen right after '[' or '[!' is literal, and so is one at the end); the last character of a
// chunk and the first of the next form a range. Reversed ranges ("z-a") are dropped with both
// ends, as Python does to keep the regular expression valid.
std::vector<std::u32string> range_chunks(std::u32string_view stuff) {
  std::vector<std::u32string> chunks;
  size_t start = 0;
  size_t search = stuff[0] == U'!' ? 2 : 1;
  while (true) {
    const size_t hyphen = search < stuff.size() ? stuff.find(U'-', search) : std::u32string::npos;
    if (hyphen == std::u32string::npos) break;
    chunks.emplace_back(stuff.substr(start, hyphen - start));
    start = hyphen + 1;
    search = hyphen + 3;
  }
  if (start < stuff.size()) {
    chunks.emplace_back(stuff.substr(start));
  } else {
    chunks.back() += U'-';
  }
  for (size_t k = chunks.size() - 1; k > 0; --k) {
    // A merge can empty a chunk ("b-a"): an empty chunk bounds no range.
    if (chunks[k - 1].empty() || chunks[k].empty()) continue;
    if (chunks[k - 1].back() > chunks[k].front()) {
      chunks[k - 1] = chunks[k - 1].substr(0, chunks[k - 1].size() - 1) + chunks[k].substr(1);
      chunks.erase(chunks.begin() + static_cast<std::ptrdiff_t>(k));
    }
  }
  return chunks;
}

CharacterSet set_with_ranges(std::u32string_view stuff) {
  auto chunks = range_chunks(stuff);
  CharacterSet set;
  if (!chunks.front().empty() && chunks.front().front() == U'!') {
    set.negated = true;
    chunks.front().erase(0, 1);
  }
  // Chunks emptied by merges (pathological sets such as "[b-a]" or "[x-'!-c]") take no part
  // in ranges; Python's regex reading of those differs in corner cases, but never crashes.
  for (size_t m = 0; m < chunks.size(); ++m) {
    const std::u32string& chunk = chunks[m];
    if (chunk.empty()) continue;
    // The first character ended the previous range, the last starts the next one.
    const bool ends_range = m > 0 && !chunks[m - 1].empty();
    const bool starts_range = m + 1 < chunks.size() && !chunks[m + 1].empty();
    const size_t first_literal = ends_range ? 1 : 0;
    const size_t end_literal = starts_range ? chunk.size() - 1 : chunk.size();
    for (size_t i = first_literal; i < end_literal; ++i)
      set.ranges.emplace_back(chunk[i], chunk[i]);
    if (starts_range) set.ranges.emplace_back(chunk.back(), chunks[m + 1].front());
  }
  return set;
}

// `[...]` at pattern[open]: the set and the index after its ']', or nullopt when it is not
// closed (then the '[' is a literal character).
std::optional<std::pair<CharacterSet, size_t>> parse_set(std::u32string_view pattern, size_t open) {
  const size_t start = open + 1;
  size_t close = start;
  if (close < pattern.size() && pattern[close] == U'!') ++close;
  if (close < pattern.size() && pattern[close] == U']') ++close;
  while (close < pattern.size() && pattern[close] != U']')
    ++close;
  if (close >= pattern.size()) return std::nullopt;
  const std::u32string_view stuff = pattern.substr(start, close - start);
  if (stuff.find(U'-') == std::u32string_view::npos) {
    const bool negated = !stuff.empty() && stuff[0] == U'!';
    return std::pair{literal_set(stuff.substr(negated ? 1 : 0), negated), close + 1};
  }
  return std::pair{set_with_ranges(stuff), close + 1};
}

std::vector<Token> compile(std::u32string_view pattern) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < pattern.size()) {
    const char32_t c = pattern[i];
    if (c == U'*') {
      if (tokens.empty() || !std::holds_alternative<AnyRun>(tokens.back()))
        tokens.emplace_back(AnyRun{});
      ++i;
    } else if (c == U'?') {
      tokens.emplace_back(AnyCharacter{});
      ++i;
    } else if (auto set = c == U'[' ? parse_set(pattern, i) : std::nullopt) {
      tokens.emplace_back(std::move(set->first));
      i = set->second;
    } else {
      tokens.emplace_back(Literal{c});
      ++i;
    }
  }
  return tokens;
}

bool matches_one(const Token& token, char32_t c) {
  if (std::holds_alternative<AnyCharacter>(token)) return true;
  if (const auto* literal = std::get_if<Literal>(&token)) return literal->c == c;
  if (const auto* set = std::get_if<CharacterSet>(&token)) return set->matches(c);
  return false;
}

// Wildcard matching with backtracking to the last '*': linear memory, O(pattern * text) time.
bool match_tokens(const std::vector<Token>& tokens, std::u32string_view text) {
  size_t p = 0;
  size_t t = 0;
  std::optional<size_t> star;
  size_t star_text = 0;
  while (t < text.size()) {
    if (p < tokens.size() && std::holds_alternative<AnyRun>(tokens[p])) {
      star = p++;
      star_text = t;
    } else if (p < tokens.size() && matches_one(tokens[p], text[t])) {
      ++p;
      ++t;
    } else if (star) {
      p = *star + 1;
      t = ++star_text;
    } else {
      return false;
    }
  }
  while (p < tokens.size() && std::holds_alternative<AnyRun>(tokens[p]))
    ++p;
  return p == tokens.size();
}

// filter_repo_objects treats '\' as '/' in patterns and paths (patterns built on Windows).
std::string with_forward_slashes(std::string_view text) {
  std::string out(text);
  std::replace(out.begin(), out.end(), '\\', '/');
  return out;
}

// A pattern ending in '/' means everything below that folder.
std::string repo_pattern(std::string_view pattern) {
  std::string out = with_forward_slashes(pattern);
  if (!out.empty() && out.back() == '/') out += '*';
  return out;
}

bool any_matches(const std::vector<std::string>& patterns, std::string_view path) {
  return std::any_of(patterns.begin(), patterns.end(), [path](const std::string& pattern) {
    return glob_match(repo_pattern(pattern), path);
  });
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view text) {
  return match_tokens(compile(to_code_points(pattern)), to_code_points(text));
}

bool FileFilter::matches(std::string_view path) const {
  const std::string normalized = with_forward_slashes(path);
  if (!include.empty() && !any_matches(include, normalized)) return false;
  return !any_matches(exclude, normalized);
}

}  // namespace tf::engine::hub
