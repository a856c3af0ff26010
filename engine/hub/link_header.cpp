// The `Link` header (RFC 8288): pagination of tree listings (rel="next") and the Xet links of a
// resolve answer. A hand-written scanner rather than a regular expression, so that commas and
// semicolons inside quoted parameters or the URL itself do not split a link.
#include "engine/hub/hub_api.hpp"
#include "engine/hub/printable.hpp"
#include "io/error.hpp"

namespace tf::engine::hub {

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t';
}

char to_lower_ascii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    c = to_lower_ascii(c);
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front()))
    text.remove_prefix(1);
  while (!text.empty() && is_space(text.back()))
    text.remove_suffix(1);
  return text;
}

// Reads the header left to right; every method consumes what it recognises and nothing else.
class LinkScanner {
 public:
  explicit LinkScanner(std::string_view text) : text_(text) {}

  bool at_end() const { return pos_ >= text_.size(); }

  // `<url>`, or nullopt (nothing consumed) when the next thing is not one.
  std::optional<std::string_view> url() {
    skip_spaces();
    if (at_end() || text_[pos_] != '<') return std::nullopt;
    const size_t close = text_.find('>', pos_ + 1);
    if (close == std::string_view::npos) return std::nullopt;
    const std::string_view value = trim(text_.substr(pos_ + 1, close - pos_ - 1));
    pos_ = close + 1;
    return value;
  }

  // The rel value among `; name=value` parameters up to the end of this link ("" if none).
  std::string rel_parameter() {
    std::string rel;
    skip_spaces();
    while (!at_end() && text_[pos_] == ';') {
      ++pos_;
      skip_spaces();
      const std::string name = lowercase(token());
      skip_spaces();
      if (at_end() || text_[pos_] != '=') continue;
      ++pos_;
      skip_spaces();
      const std::string value = !at_end() && text_[pos_] == '"' ? quoted_string() : token();
      if (name == "rel" && rel.empty()) rel = value;
      skip_spaces();
    }
    return rel;
  }

  // Skips to just after the ',' that ends this link (outside quotes), or to the end.
  void skip_to_next_link() {
    bool quoted = false;
    while (!at_end()) {
      const char c = text_[pos_++];
      if (c == '"') quoted = !quoted;
      if (c == ',' && !quoted) return;
    }
  }

 private:
  void skip_spaces() {
    while (!at_end() && is_space(text_[pos_]))
      ++pos_;
  }

  std::string token() {
    const size_t start = pos_;
    while (!at_end() && !is_space(text_[pos_]) && text_[pos_] != ';' && text_[pos_] != ',' &&
           text_[pos_] != '=') {
      ++pos_;
    }
    return std::string(text_.substr(start, pos_ - start));
  }

  // A quoted-string with backslash escapes; an unterminated one runs to the end.
  std::string quoted_string() {
    std::string out;
    ++pos_;
    while (!at_end() && text_[pos_] != '"') {
      if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) ++pos_;
      out += text_[pos_++];
    }
    if (!at_end()) ++pos_;
    return out;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

// A rel value may list several relation types ("next last"); they are case-insensitive.
void add_links(std::vector<std::pair<std::string, std::string>>& links, std::string_view url,
               std::string_view rel) {
  size_t pos = 0;
  while (pos < rel.size()) {
    while (pos < rel.size() && is_space(rel[pos]))
      ++pos;
    const size_t end = std::min(rel.find_first_of(" \t", pos), rel.size());
    if (end > pos) links.emplace_back(std::string(url), lowercase(rel.substr(pos, end - pos)));
    pos = end;
  }
}

bool is_absolute_http_url(std::string_view url) {
  for (const char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return false;
  }
  const std::string lower = lowercase(url.substr(0, 8));
  return lower.starts_with("http://") || lower.starts_with("https://");
}

}  // namespace

std::vector<std::pair<std::string, std::string>> parse_link_header(std::string_view value) {
  std::vector<std::pair<std::string, std::string>> links;
  LinkScanner scanner(value);
  while (!scanner.at_end()) {
    if (const auto url = scanner.url()) add_links(links, *url, scanner.rel_parameter());
    scanner.skip_to_next_link();
  }
  return links;
}

std::optional<std::string> next_page_url(std::string_view link_header) {
  for (const auto& [url, rel] : parse_link_header(link_header)) {
    if (rel != "next") continue;
    // Ending the listing here would silently drop the rest of the repository.
    if (!is_absolute_http_url(url)) {
      throw Error(
          ErrorKind::protocol,
          "the Hub's next-page link is not an absolute http(s) URL: \"" + printable(url) + "\"");
    }
    return url;
  }
  return std::nullopt;
}

}  // namespace tf::engine::hub
