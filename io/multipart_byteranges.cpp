#include "io/multipart_byteranges.hpp"

#include <algorithm>
#include <charconv>
#include <utility>

#include "io/error.hpp"

namespace tf::io {

namespace {

Error protocol_error(const std::string& message) {
  return Error(ErrorKind::protocol, message);
}

bool is_space(char c) {
  return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front()))
    text.remove_prefix(1);
  while (!text.empty() && is_space(text.back()))
    text.remove_suffix(1);
  return text;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
           return lower(x) == lower(y);
         });
}

// A decimal number made of digits only (no sign, no spaces), that fits in a uint64_t.
std::optional<uint64_t> parse_decimal(std::string_view text) {
  if (text.empty() ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// RFC 2046 allows 1 to 70 characters from a small set; we accept any printable ASCII (the parser
// only relies on a boundary never containing CR or LF), but not a trailing space.
bool valid_boundary(std::string_view boundary) {
  return !boundary.empty() && boundary.size() <= 70 && boundary.back() != ' ' &&
         std::all_of(boundary.begin(), boundary.end(),
                     [](char c) { return c >= 0x20 && c < 0x7f; });
}

std::string quoted(std::string_view text) {
  std::string out;  // appended piecewise: g++ 12 -O3 warns falsely (-Wrestrict) on "'" + string
  out.reserve(text.size() + 2);
  out.push_back('\'');
  out.append(text);
  out.push_back('\'');
  return out;
}

// Reads a parameter value: a token, or a quoted string with backslash escapes. Advances `rest`.
std::optional<std::string> read_parameter_value(std::string_view& rest) {
  std::string value;
  if (!rest.empty() && rest.front() == '"') {
    size_t i = 1;
    while (i < rest.size() && rest[i] != '"') {
      if (rest[i] == '\\') ++i;
      if (i >= rest.size()) return std::nullopt;
      value.push_back(rest[i]);
      ++i;
    }
    if (i >= rest.size()) return std::nullopt;  // no closing quote
    rest.remove_prefix(i + 1);
    return value;
  }
  const size_t end = rest.find(';');
  value = std::string(trim(rest.substr(0, end)));
  rest.remove_prefix(end == std::string_view::npos ? rest.size() : end);
  return value;
}

}  // namespace

ByteRangePart parse_part_content_range(std::string_view value) {
  const auto bad = [&](const char* why) {
    return protocol_error("bad Content-Range " + quoted(value) + ": " + why);
  };
  std::string_view text = trim(value);
  const size_t space = text.find(' ');
  if (space == std::string_view::npos || !iequals(text.substr(0, space), "bytes")) {
    throw bad("expected 'bytes first-last/length'");
  }
  text = trim(text.substr(space + 1));
  const size_t dash = text.find('-');
  const size_t slash = text.find('/');
  if (dash == std::string_view::npos || slash == std::string_view::npos || slash < dash) {
    throw bad("expected 'bytes first-last/length'");
  }
  const auto first = parse_decimal(text.substr(0, dash));
  const auto last = parse_decimal(text.substr(dash + 1, slash - dash - 1));
  if (!first || !last) throw bad("first and last must be decimal numbers");
  ByteRangePart range{*first, *last, std::nullopt};
  const std::string_view complete = text.substr(slash + 1);
  if (complete != "*") {
    range.complete_length = parse_decimal(complete);
    if (!range.complete_length) throw bad("the length must be a decimal number or '*'");
  }
  if (range.first > range.last) throw bad("first is after last");
  if (range.complete_length && range.last >= *range.complete_length) {
    throw bad("last is not below the complete length");
  }
  return range;
}

std::string format_part_content_range(const ByteRangePart& range) {
  return "bytes " + std::to_string(range.first) + "-" + std::to_string(range.last) + "/" +
         (range.complete_length ? std::to_string(*range.complete_length) : "*");
}

std::string multipart_boundary(std::string_view content_type) {
  std::string_view rest = content_type;
  const size_t semicolon = rest.find(';');
  if (!iequals(trim(rest.substr(0, semicolon)), "multipart/byteranges")) {
    throw protocol_error("Content-Type " + quoted(content_type) + " is not multipart/byteranges");
  }
  std::optional<std::string> boundary;
  rest.remove_prefix(semicolon == std::string_view::npos ? rest.size() : semicolon);
  while (!rest.empty()) {
    rest.remove_prefix(1);  // the ';'
    rest = trim(rest);
    const size_t equals = rest.find('=');
    if (equals == std::string_view::npos) break;
    const std::string_view name = trim(rest.substr(0, equals));
    rest = trim(rest.substr(equals + 1));
    std::optional<std::string> value = read_parameter_value(rest);
    if (!value) {
      throw protocol_error("Content-Type " + quoted(content_type) + ": unterminated quoted value");
    }
    if (iequals(name, "boundary")) boundary = std::move(value);
    rest = trim(rest);
    if (!rest.empty() && rest.front() != ';') {
      throw protocol_error("Content-Type " + quoted(content_type) + ": malformed parameters");
    }
  }
  if (!boundary) {
    throw protocol_error("Content-Type " + quoted(content_type) + " has no boundary parameter");
  }
  if (!valid_boundary(*boundary)) {
    throw protocol_error("Content-Type " + quoted(content_type) +
                         ": the boundary must be 1 to 70 printable characters");
  }
  return *boundary;
}

MultipartByterangesParser::MultipartByterangesParser(std::string boundary, Listener& listener)
    : MultipartByterangesParser(std::move(boundary), listener, Options{}) {}

MultipartByterangesParser::MultipartByterangesParser(std::string boundary, Listener& listener,
                                                     Options options)
    : delimiter_("\r\n--" + boundary), listener_(listener), options_(std::move(options)) {
  if (!valid_boundary(boundary)) {
    throw Error(ErrorKind::invalid_argument,
                "multipart boundary " + quoted(boundary) +
                    " is invalid (1 to 70 printable characters, not ending with a space)");
  }
}

void MultipartByterangesParser::fail(const std::string& what) {
  state_ = State::failed;
  throw protocol_error("multipart/byteranges body: " + what);
}

void MultipartByterangesParser::feed(std::span<const uint8_t> bytes) {
  if (state_ == State::failed) fail("the parser already failed on earlier input");
  try {
    size_t pos = 0;
    while (pos < bytes.size()) {
      const std::span<const uint8_t> rest = bytes.subspan(pos);
      switch (state_) {
        case State::preamble:
          pos += consume_preamble(rest);
          break;
        case State::delimiter_tail:
        case State::delimiter_lf:
        case State::close_dash:
          pos += consume_delimiter_tail(rest);
          break;
        case State::headers:
          pos += consume_headers(rest);
          break;
        case State::data:
          pos += consume_data(rest);
          break;
        case State::after_data:
          pos += consume_after_data(rest);
          break;
        case State::epilogue:
          pos = bytes.size();
          break;
        case State::failed:
          return;
      }
    }
  } catch (...) {
    state_ = State::failed;  // also when the listener threw
    throw;
  }
}

// Looks for the first delimiter. The body start counts as a CRLF (matched_ starts at 2), so a
// body that begins with "--boundary" matches too. The delimiter starts with CR and contains no
// other CR, so on a mismatch the only possible restart is at this byte.
size_t MultipartByterangesParser::consume_preamble(std::span<const uint8_t> bytes) {
  const size_t cap = options_.max_header_bytes + delimiter_.size();
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (++preamble_bytes_ > cap) {
      fail("no boundary delimiter in the first " + std::to_string(cap) + " bytes");
    }
    const char c = static_cast<char>(bytes[i]);
    if (c == delimiter_[matched_]) {
      if (++matched_ == delimiter_.size()) {
        state_ = State::delimiter_tail;
        padding_bytes_ = 0;
        return i + 1;
      }
    } else {
      matched_ = c == '\r' ? 1 : 0;
    }
  }
  return bytes.size();
}

// After "--boundary": either "--" (the closing delimiter) or optional spaces and CRLF.
size_t MultipartByterangesParser::consume_delimiter_tail(std::span<const uint8_t> bytes) {
  for (size_t i = 0; i < bytes.size(); ++i) {
    const char c = static_cast<char>(bytes[i]);
    switch (state_) {
      case State::delimiter_tail:
        if (c == '-' && padding_bytes_ == 0) {
          state_ = State::close_dash;
        } else if (is_space(c) && ++padding_bytes_ <= options_.max_header_bytes) {
          // transport padding: ignored
        } else if (c == '\r') {
          state_ = State::delimiter_lf;
        } else {
          fail("unexpected byte " + std::to_string(bytes[i]) + " after boundary delimiter " +
               std::to_string(parts_begun_));
        }
        break;
      case State::close_dash:
        if (c != '-') fail("malformed closing delimiter");
        state_ = State::epilogue;
        return i + 1;
      case State::delimiter_lf:
        if (c != '\n') fail("boundary delimiter line ends with CR without LF");
        state_ = State::headers;
        header_block_.clear();
        return i + 1;
      default:
        return i;
    }
  }
  return bytes.size();
}

// Collects one part's header block up to and including the blank line.
size_t MultipartByterangesParser::consume_headers(std::span<const uint8_t> bytes) {
  for (size_t i = 0; i < bytes.size(); ++i) {
    header_block_.push_back(static_cast<char>(bytes[i]));
    if (header_block_.size() > options_.max_header_bytes) {
      fail("the headers of part " + std::to_string(parts_begun_) + " exceed " +
           std::to_string(options_.max_header_bytes) + " bytes");
    }
    const std::string_view block = header_block_;
    if (block == "\r\n" || block.ends_with("\r\n\r\n")) {
      begin_part();
      return i + 1;
    }
  }
  return bytes.size();
}

void MultipartByterangesParser::begin_part() {
  const std::string part = "part " + std::to_string(parts_begun_);
  std::optional<ByteRangePart> range;
  std::string_view lines = header_block_;
  lines.remove_suffix(2);  // the blank line's CRLF
  while (!lines.empty()) {
    const size_t end = lines.find("\r\n");
    const std::string_view line = lines.substr(0, end);
    lines.remove_prefix(end == std::string_view::npos ? lines.size() : end + 2);
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) {
      fail(part + ": malformed header line " + quoted(line));
    }
    if (!iequals(line.substr(0, colon), "Content-Range")) continue;
    if (range) fail(part + " has two Content-Range headers");
    try {
      range = parse_part_content_range(line.substr(colon + 1));
    } catch (const Error& e) {
      fail(part + ": " + e.what());
    }
  }
  if (!range) fail(part + " has no Content-Range header");
  if (options_.expected_ranges) {
    const auto& expected = *options_.expected_ranges;
    if (parts_begun_ >= expected.size()) {
      fail(part + " is one more than the " + std::to_string(expected.size()) + " ranges requested");
    }
    const ByteRangePart& want = expected[parts_begun_];
    if (range->first != want.first || range->last != want.last) {
      fail(part + " has Content-Range " + format_part_content_range(*range) + " but bytes " +
           std::to_string(want.first) + "-" + std::to_string(want.last) + " were requested");
    }
  }
  current_range_ = *range;
  data_remaining_ = range->length();
  state_ = State::data;
  listener_.on_part_begin(parts_begun_++, current_range_);
}

size_t MultipartByterangesParser::consume_data(std::span<const uint8_t> bytes) {
  const size_t count = static_cast<size_t>(std::min<uint64_t>(data_remaining_, bytes.size()));
  data_remaining_ -= count;
  if (data_remaining_ == 0) {
    state_ = State::after_data;
    matched_ = 0;
  }
  if (count > 0) listener_.on_part_data(bytes.first(count));
  return count;
}

// The data of a part must be followed by exactly "\r\n--boundary".
size_t MultipartByterangesParser::consume_after_data(std::span<const uint8_t> bytes) {
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (static_cast<char>(bytes[i]) != delimiter_[matched_]) {
      fail("part " + std::to_string(parts_begun_ - 1) + " (" +
           format_part_content_range(current_range_) +
           ") is not followed by the boundary: the part is longer than its Content-Range says, "
           "or the body is corrupt");
    }
    if (++matched_ == delimiter_.size()) {
      state_ = State::delimiter_tail;
      padding_bytes_ = 0;
      ++parts_completed_;
      listener_.on_part_end();
      return i + 1;
    }
  }
  return bytes.size();
}

void MultipartByterangesParser::finish() {
  switch (state_) {
    case State::epilogue:
      break;
    case State::failed:
      fail("the parser already failed on earlier input");
    case State::preamble:
      fail("no boundary delimiter found");
    case State::data:
      fail("the body ends inside part " + std::to_string(parts_begun_ - 1) + " (" +
           std::to_string(data_remaining_) + " of its " + std::to_string(current_range_.length()) +
           " bytes missing)");
    case State::headers:
      fail("the body ends inside the headers of part " + std::to_string(parts_begun_));
    default:
      fail("the body ends without the closing delimiter");
  }
  if (options_.expected_ranges && parts_completed_ != options_.expected_ranges->size()) {
    fail(std::to_string(parts_completed_) + " parts received but " +
         std::to_string(options_.expected_ranges->size()) + " ranges were requested");
  }
}

std::string multipart_part_head(std::string_view boundary, const ByteRangePart& range,
                                std::string_view content_type, bool first_part) {
  std::string head = first_part ? "" : "\r\n";
  head += "--";
  head += boundary;
  head += "\r\n";
  if (!content_type.empty()) {
    head += "Content-Type: ";
    head += content_type;
    head += "\r\n";
  }
  head += "Content-Range: " + format_part_content_range(range) + "\r\n\r\n";
  return head;
}

std::string multipart_closing(std::string_view boundary) {
  return "\r\n--" + std::string(boundary) + "--\r\n";
}

}  // namespace tf::io
