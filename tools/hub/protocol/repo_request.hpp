// A request that names a repo, after routing: the repo's index in the catalog snapshot the
// request started with, the caller, and the URL segments after org/name. Endpoints that serve
// a repo take one of these.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "tools/hub/http/request.hpp"
#include "tools/hub/protocol/access_control.hpp"
#include "tools/hub/protocol/hub_settings.hpp"
#include "tools/hub/store/catalog.hpp"
#include "tools/hub/store/object_store.hpp"

namespace tf::hub::protocol {

class XetService;

struct RepoRequest {
  const http::Request& http;
  std::shared_ptr<const store::Catalog> catalog;  // keeps `repo` alive
  const store::RepoIndex& repo;
  std::optional<std::string> caller;
  std::span<const std::string_view> rest;  // raw segments after org/name
  const HubSettings& settings;
  const AccessControl& access;
  const store::ObjectStore& objects;
  const XetService& xet;
};

struct ResolvedRevision {
  const store::Commit* commit = nullptr;
  size_t segments_used = 0;  // how many of the segments named the revision
};

// The commit named by the first of `segments`. A revision can contain '/' (refs/pr/1), sent
// encoded as %2F or not: the shortest run of segments that names a revision wins. Throws
// RevisionNotFound (naming the first segment) when none does.
ResolvedRevision resolve_revision_prefix(const store::RepoIndex& repo,
                                         std::span<const std::string_view> segments);

// The commit named by all of `segments` together; throws RevisionNotFound.
const store::Commit& resolve_revision(const store::RepoIndex& repo,
                                      std::span<const std::string_view> segments);

// Accepts GET and HEAD only; throws 405 otherwise.
void require_get(const http::Request& request);

}  // namespace tf::hub::protocol
