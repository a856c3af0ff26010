// Hub errors mapped like huggingface_hub's hf_raise_for_status (utils/_http.py) into messages a
// user can act on, never holding the token.
#include "engine/hub/hub_errors.hpp"

#include <gtest/gtest.h>

using namespace tf::engine::hub;
using tf::ErrorKind;
using tf::io::HeaderMap;

namespace {

const HubRequestContext kContext{"org/name", "main", "weights/model.safetensors", false};
const HubRequestContext kWithToken{"org/name", "main", "", true};

HeaderMap code(const std::string& error_code, const std::string& message = "") {
  HeaderMap headers{{"x-error-code", error_code}};
  if (!message.empty()) headers["x-error-message"] = message;
  return headers;
}

bool contains(const tf::Error& error, std::string_view text) {
  return std::string_view(error.what()).find(text) != std::string_view::npos;
}

TEST(HubErrors, ClassifiesByErrorCodeFirst) {
  EXPECT_EQ(classify_hub_error(404, code("RepoNotFound")), HubErrorCode::repo_not_found);
  EXPECT_EQ(classify_hub_error(404, code("RevisionNotFound")), HubErrorCode::revision_not_found);
  EXPECT_EQ(classify_hub_error(404, code("EntryNotFound")), HubErrorCode::entry_not_found);
  EXPECT_EQ(classify_hub_error(403, code("GatedRepo")), HubErrorCode::gated);
  EXPECT_EQ(classify_hub_error(401, code("GatedRepo")), HubErrorCode::gated);
  EXPECT_EQ(classify_hub_error(401, code("RepoNotFound")), HubErrorCode::repo_not_found);
}

TEST(HubErrors, A401IsRepoNotFoundUnlessTheCredentialsWereRefused) {
  EXPECT_EQ(classify_hub_error(401, {}), HubErrorCode::repo_not_found);
  EXPECT_EQ(classify_hub_error(401, {{"x-error-message", "Unauthorized"}}),
            HubErrorCode::repo_not_found);
  EXPECT_EQ(
      classify_hub_error(401, {{"x-error-message", "Invalid credentials in Authorization header"}}),
      HubErrorCode::invalid_token);
}

TEST(HubErrors, OtherStatuses) {
  EXPECT_EQ(classify_hub_error(404, {}), HubErrorCode::other);
  EXPECT_EQ(classify_hub_error(403, {}), HubErrorCode::other);
  EXPECT_EQ(classify_hub_error(500, {}), HubErrorCode::other);
  EXPECT_EQ(classify_hub_error(404, code("RepoNotFound", "Access to this resource is disabled.")),
            HubErrorCode::other);
}

TEST(HubErrors, RepoNotFoundSuggestsAToken) {
  const auto error = hub_error(401, {}, "", kContext);
  EXPECT_EQ(error.kind(), ErrorKind::not_found);
  EXPECT_TRUE(contains(error, "'org/name' not found, or it is private"));
  EXPECT_TRUE(contains(error, "pass --token or set HF_TOKEN"));
  const auto with_token = hub_error(404, code("RepoNotFound"), "", kWithToken);
  EXPECT_TRUE(contains(with_token, "your token has access"));
}

TEST(HubErrors, GatedInvalidTokenRevisionAndFile) {
  auto error =
      hub_error(403, code("GatedRepo", "Access to model org/name is restricted."), "", kContext);
  EXPECT_EQ(error.kind(), ErrorKind::auth);
  EXPECT_TRUE(contains(error, "is gated: request access on the Hub"));
  EXPECT_TRUE(contains(error, "Access to model org/name is restricted."));

  error = hub_error(401, {{"x-error-message", "Invalid credentials in Authorization header"}}, "",
                    kWithToken);
  EXPECT_EQ(error.kind(), ErrorKind::auth);
  EXPECT_TRUE(contains(error, "invalid token"));

  error = hub_error(404, code("RevisionNotFound"), R"({"error":"Invalid rev id: nope"})",
                    {"org/name", "nope", "", false});
  EXPECT_EQ(error.kind(), ErrorKind::not_found);
  EXPECT_TRUE(contains(error, "revision 'nope' not found in repository 'org/name'"));
  EXPECT_TRUE(contains(error, "Invalid rev id: nope"));

  error = hub_error(404, code("EntryNotFound"), "", kContext);
  EXPECT_EQ(error.kind(), ErrorKind::not_found);
  EXPECT_TRUE(contains(error,
                       "file 'weights/model.safetensors' not found in repository 'org/name' at "
                       "revision 'main'"));
}

TEST(HubErrors, OtherStatusesKeepTheirKind) {
  EXPECT_EQ(hub_error(500, {}, "", kContext).kind(), ErrorKind::http_status);
  EXPECT_EQ(hub_error(429, {}, "", kContext).kind(), ErrorKind::http_status);
  EXPECT_EQ(hub_error(403, {}, "", kContext).kind(), ErrorKind::auth);
  EXPECT_EQ(hub_error(0, {}, "", kContext).kind(), ErrorKind::network);
  EXPECT_TRUE(contains(hub_error(503, {}, "", kContext), "HTTP 503"));
  EXPECT_TRUE(contains(
      hub_error(404, code("RepoNotFound", "Access to this resource is disabled."), "", kContext),
      "disabled"));
}

TEST(HubErrors, ServerMessagesFromHeaderAndBody) {
  // _format: X-Error-Message, then "error" (string or list), "error_description", "errors".
  auto error =
      hub_error(400, {{"x-error-message", "bad"}},
                R"({"error":["one","two"],"errors":[{"message":"three"},{"nope":1}]})", kContext);
  EXPECT_TRUE(contains(error, "bad; one; two; three"));
  error =
      hub_error(400, {}, R"({"error":"invalid_grant","error_description":"expired"})", kContext);
  EXPECT_TRUE(contains(error, "invalid_grant; expired"));
  error = hub_error(502, {{"content-type", "text/plain"}}, "upstream timeout\n", kContext);
  EXPECT_TRUE(contains(error, "upstream timeout"));
  error = hub_error(502, {{"content-type", "text/html"}}, "<html>big page</html>", kContext);
  EXPECT_FALSE(contains(error, "<html>"));
  error = hub_error(404, {{"x-error-message", "same"}}, R"({"error":"same"})", kContext);
  EXPECT_TRUE(contains(error, "says: same)"));
}

TEST(HubErrors, MessagesAreSafeToPrintAndShort) {
  const auto error = hub_error(500, {}, "\x1b[2J" + std::string(5000, 'x'), kContext);
  const std::string message = error.what();
  EXPECT_EQ(message.find('\x1b'), std::string::npos);
  EXPECT_LT(message.size(), 800u);
  const auto evil = hub_error(404, code("EntryNotFound"), "", {"org/name", "main", "a\nb", false});
  EXPECT_TRUE(contains(evil, "'a\\nb'"));
}

TEST(HubErrors, ATokenEchoedByTheServerIsRedacted) {
  const std::string token = "hf_abcdefghijklmnopqrstuvwxyz012345";
  const auto error = hub_error(401, {{"x-error-message", "bad token " + token}},
                               R"({"error":"token )" + token + " rejected\"}", kWithToken);
  EXPECT_FALSE(contains(error, token));
  EXPECT_FALSE(contains(error, "abcdefghijklmnop"));
  EXPECT_TRUE(contains(error, "hf_***"));
}

}  // namespace
