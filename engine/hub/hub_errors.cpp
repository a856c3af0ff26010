#include "engine/hub/hub_errors.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/hub/printable.hpp"

namespace tf::engine::hub {

namespace {

using nlohmann::json;

// The X-Error-Message huggingface_hub recognises as a bad token rather than a hidden repo.
constexpr std::string_view kInvalidCredentials = "Invalid credentials in Authorization header";
constexpr std::string_view kDisabled = "Access to this resource is disabled.";
constexpr size_t kMaxServerMessage = 300;

std::string header_or_empty(const io::HeaderMap& headers, std::string_view name) {
  const auto value = io::find_header(headers, name);
  return value ? std::string(*value) : std::string();
}

bool is_space(char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}

std::string trimmed(std::string_view text) {
  while (!text.empty() && is_space(text.front()))
    text.remove_prefix(1);
  while (!text.empty() && is_space(text.back()))
    text.remove_suffix(1);
  return std::string(text);
}

void add_json_text(std::vector<std::string>& out, const json& value) {
  if (value.is_string()) out.push_back(value.get<std::string>());
}

// The messages of a JSON error body, as huggingface_hub's _format reads them: "error" (a string
// or a list), "error_description", and "errors": [{"message"}].
void add_json_messages(std::vector<std::string>& out, const json& body) {
  if (!body.is_object()) return;
  const auto error = body.find("error");
  const auto description = body.find("error_description");
  if (error != body.end() && error->is_array()) {
    for (const auto& item : *error)
      add_json_text(out, item);
  } else if (error != body.end() && !error->is_null()) {
    add_json_text(out, *error);
    if (description != body.end()) add_json_text(out, *description);
  } else if (description != body.end()) {
    add_json_text(out, *description);
  }
  const auto errors = body.find("errors");
  if (errors == body.end() || !errors->is_array()) return;
  for (const auto& item : *errors) {
    if (item.is_object() && item.contains("message")) add_json_text(out, item["message"]);
  }
}

// A token echoed back by a server must not reach the terminal or a log.
std::string redact_tokens(std::string text) {
  size_t pos = 0;
  while ((pos = text.find("hf_", pos)) != std::string::npos) {
    size_t end = pos + 3;
    while (end < text.size() && std::isalnum(static_cast<unsigned char>(text[end])))
      ++end;
    if (end - pos >= 11) text.replace(pos + 3, end - pos - 3, "***");
    pos += 3;
  }
  return text;
}

// What the server said, from X-Error-Message and the body (JSON, or text unless it is HTML).
std::string server_message(const io::HeaderMap& headers, std::string_view body) {
  std::vector<std::string> messages;
  if (const auto header = io::find_header(headers, "x-error-message"))
    messages.emplace_back(*header);
  const json parsed = json::parse(body, nullptr, false);
  if (!parsed.is_discarded()) {
    add_json_messages(messages, parsed);
  } else if (!body.empty() &&
             header_or_empty(headers, "content-type").find("html") == std::string::npos) {
    messages.emplace_back(body);
  }
  std::vector<std::string> unique;
  for (const auto& message : messages) {
    std::string text = trimmed(message);
    if (!text.empty() && std::find(unique.begin(), unique.end(), text) == unique.end()) {
      unique.push_back(std::move(text));
    }
  }
  std::string joined;
  for (const auto& text : unique)
    joined += (joined.empty() ? "" : "; ") + text;
  return printable(redact_tokens(joined), kMaxServerMessage);
}

std::string single_quoted(std::string_view text) {
  return "'" + printable(text) + "'";
}

std::string repository(const HubRequestContext& context) {
  return "repository " + single_quoted(context.repo);
}

std::string token_advice(const HubRequestContext& context) {
  return context.token_given ? "check that your token has access to it"
                             : "pass --token or set HF_TOKEN";
}

struct Explanation {
  ErrorKind kind;
  std::string message;
};

Explanation explain_other(long status, const io::HeaderMap& headers,
                          const HubRequestContext& context) {
  const std::string subject =
      repository(context) + (context.path.empty() ? "" : " file " + single_quoted(context.path));
  if (status <= 0) return {ErrorKind::network, "no answer from the Hub about " + subject};
  if (header_or_empty(headers, "x-error-message") == kDisabled) {
    return {ErrorKind::http_status, "access to " + repository(context) + " is disabled on the Hub"};
  }
  const std::string code = " (HTTP " + std::to_string(status) + ")";
  if (status == 403) {
    return {ErrorKind::auth, "the Hub refused access to " + subject + code +
                                 ": make sure your token has the permissions needed"};
  }
  if (status == 429) return {ErrorKind::http_status, "the Hub is rate-limiting requests" + code};
  if (status >= 500)
    return {ErrorKind::http_status, "the Hub failed to answer about " + subject + code};
  return {ErrorKind::http_status, "the Hub refused the request about " + subject + code};
}

Explanation explain(HubErrorCode code, long status, const io::HeaderMap& headers,
                    const HubRequestContext& context) {
  switch (code) {
    case HubErrorCode::repo_not_found:
      return {ErrorKind::not_found, repository(context) +
                                        " not found, or it is private: check the "
                                        "name and the repo type, or " +
                                        token_advice(context)};
    case HubErrorCode::revision_not_found:
      return {ErrorKind::not_found, "revision " + single_quoted(context.revision) +
                                        " not found in " + repository(context)};
    case HubErrorCode::entry_not_found:
      return {ErrorKind::not_found, "file " + single_quoted(context.path) + " not found in " +
                                        repository(context) + " at revision " +
                                        single_quoted(context.revision)};
    case HubErrorCode::gated:
      return {ErrorKind::auth, repository(context) +
                                   " is gated: request access on the Hub (the repository's page), "
                                   "then " +
                                   (context.token_given ? "use the token of the account "
                                                          "that was granted access"
                                                        : "pass --token or set HF_TOKEN")};
    case HubErrorCode::invalid_token:
      return {ErrorKind::auth,
              "invalid token: the Hub refused the credentials (check --token, "
              "HF_TOKEN or the token file)"};
    case HubErrorCode::other:
      break;
  }
  return explain_other(status, headers, context);
}

}  // namespace

HubErrorCode classify_hub_error(long status, const io::HeaderMap& headers) {
  const std::string code = header_or_empty(headers, "x-error-code");
  const std::string message = header_or_empty(headers, "x-error-message");
  if (code == "RevisionNotFound") return HubErrorCode::revision_not_found;
  if (code == "EntryNotFound") return HubErrorCode::entry_not_found;
  if (code == "GatedRepo") return HubErrorCode::gated;
  if (message == kDisabled) return HubErrorCode::other;
  if (code == "RepoNotFound") return HubErrorCode::repo_not_found;
  // A 401 is what the Hub answers for private and missing repos alike when the token is
  // missing or has no access, so it means "not found" unless the token itself was refused.
  if (status == 401) {
    return message == kInvalidCredentials ? HubErrorCode::invalid_token
                                          : HubErrorCode::repo_not_found;
  }
  return HubErrorCode::other;
}

Error hub_error(long status, const io::HeaderMap& headers, std::string_view body,
                const HubRequestContext& context) {
  const auto [kind, message] =
      explain(classify_hub_error(status, headers), status, headers, context);
  const std::string said = server_message(headers, body);
  return Error(kind, said.empty() ? message : message + " (the Hub says: " + said + ")");
}

}  // namespace tf::engine::hub
