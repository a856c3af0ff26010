// The CDN listener: Range (single, multiple, suffix, open-ended, invalid, unsatisfiable),
// If-Range, HEAD and keep-alive, on an LFS object.
#include <memory>

#include "hub/hub_fixture.hpp"

namespace tf::test {
namespace {

class HubRanges : public HubTest {
 protected:
  void SetUp() override {
    HubTest::SetUp();
    content = main_files.at("weights/model.safetensors");
    sha = sha256_hex(content);
    object = hub.cdn_url() + "/cdn/" + sha;
  }
  HttpResult get_range(const std::string& range, std::vector<std::string> extra = {}) {
    extra.push_back("Range: " + range);
    return http_get(object, extra);
  }
  std::string etag() const { return "\"" + sha + "\""; }

  std::string content;
  std::string sha;
  std::string object;
};

TEST_F(HubRanges, WholeObject) {
  const auto r = http_get(object);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body, content);
  EXPECT_EQ(r.header("etag"), etag());
  EXPECT_EQ(r.header("accept-ranges"), "bytes");
  EXPECT_EQ(r.header("content-length"), std::to_string(content.size()));
}

TEST_F(HubRanges, SingleRanges) {
  struct Case {
    std::string range;
    size_t first;
    size_t last;
  };
  const size_t size = content.size();
  for (const Case& c :
       {Case{"bytes=0-0", 0, 0}, Case{"bytes=100-199", 100, 199},
        Case{"bytes=299990-", 299990, size - 1}, Case{"bytes=-10", size - 10, size - 1},
        Case{"bytes=-999999", 0, size - 1}, Case{"bytes=5-999999", 5, size - 1},
        Case{"BYTES = 7-8", 7, 8}, Case{"bytes= 7-8 ", 7, 8}}) {
    const auto r = get_range(c.range);
    if (c.range == "BYTES = 7-8") {
      EXPECT_EQ(r.status, 200) << "a space before '=' is not the bytes unit";
      continue;
    }
    ASSERT_EQ(r.status, 206) << c.range;
    EXPECT_EQ(r.body, content.substr(c.first, c.last - c.first + 1)) << c.range;
    EXPECT_EQ(r.header("content-range"), "bytes " + std::to_string(c.first) + "-" +
                                             std::to_string(c.last) + "/" + std::to_string(size))
        << c.range;
    EXPECT_EQ(r.header("etag"), etag());
  }
}

TEST_F(HubRanges, MultipleRangesAreMultipartByteranges) {
  const auto r = get_range("bytes=0-9, 1000-1099,-5,20-29");
  ASSERT_EQ(r.status, 206);
  const auto type = r.header("content-type").value_or("");
  ASSERT_EQ(type.rfind("multipart/byteranges; boundary=", 0), 0u) << type;
  EXPECT_EQ(r.header("content-length"), std::to_string(r.body.size()));
  const auto parts = parse_multipart(type, r.body);
  ASSERT_EQ(parts.size(), 4u);
  const std::string size = std::to_string(content.size());
  EXPECT_EQ(parts[0].content_range, "bytes 0-9/" + size);
  EXPECT_EQ(parts[0].bytes, content.substr(0, 10));
  EXPECT_EQ(parts[1].bytes, content.substr(1000, 100));
  EXPECT_EQ(parts[2].content_range, "bytes " + std::to_string(content.size() - 5) + "-" +
                                        std::to_string(content.size() - 1) + "/" + size);
  EXPECT_EQ(parts[2].bytes, content.substr(content.size() - 5));
  EXPECT_EQ(parts[3].bytes, content.substr(20, 10));
}

TEST_F(HubRanges, UnsatisfiableRangesOfAMultiRangeAreDropped) {
  const auto r = get_range("bytes=999999-1000000,10-19");
  ASSERT_EQ(r.status, 206);
  EXPECT_EQ(r.body, content.substr(10, 10));  // one satisfiable range: not multipart
}

TEST_F(HubRanges, InvalidRangeHeadersAreIgnored) {
  for (const std::string range :
       {"bytes=9-3", "bytes=a-b", "bytes=", "bytes=-", "items=0-1", "bytes=1-2-3", "bytes 0-1",
        "bytes=--1", "bytes=0-1,x", "bytes=18446744073709551616-"}) {
    const auto r = get_range(range);
    EXPECT_EQ(r.status, 200) << range;
    EXPECT_EQ(r.body.size(), content.size()) << range;
  }
}

TEST_F(HubRanges, UnsatisfiableRangeIs416WithTheSize) {
  for (const std::string range :
       {"bytes=300000-", "bytes=300000-300010", "bytes=-0", "bytes=400000-500000,300001-"}) {
    const auto r = get_range(range);
    EXPECT_EQ(r.status, 416) << range;
    EXPECT_EQ(r.header("content-range"), "bytes */300000") << range;
  }
}

TEST_F(HubRanges, IfRangeWithTheCurrentEtagHonoursTheRange) {
  const auto r = get_range("bytes=10-19", {"If-Range: " + etag()});
  EXPECT_EQ(r.status, 206);
  EXPECT_EQ(r.body, content.substr(10, 10));
}

TEST_F(HubRanges, IfRangeWithAnotherValidatorSendsEverything) {
  for (const std::string& validator :
       {std::string("\"0000\""), "W/" + etag(), std::string("Sun, 06 Nov 1994 08:49:37 GMT")}) {
    const auto r = get_range("bytes=10-19", {"If-Range: " + validator});
    EXPECT_EQ(r.status, 200) << validator;
    EXPECT_EQ(r.body, content) << validator;
  }
}

TEST_F(HubRanges, HeadWithAndWithoutRange) {
  HttpOptions head;
  head.method = "HEAD";
  auto r = http_request(object, head);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-length"), "300000");
  EXPECT_TRUE(r.body.empty());
  head.headers = {"Range: bytes=5-9"};
  r = http_request(object, head);
  EXPECT_EQ(r.status, 206);
  EXPECT_EQ(r.header("content-range"), "bytes 5-9/300000");
  EXPECT_EQ(r.header("content-length"), "5");
  EXPECT_TRUE(r.body.empty());
}

TEST_F(HubRanges, UnknownObjectsAndMethods) {
  EXPECT_EQ(http_get(hub.cdn_url() + "/cdn/" + std::string(64, '0')).status, 404);
  EXPECT_EQ(http_get(hub.cdn_url() + "/cdn/xyz").status, 404);
  EXPECT_EQ(http_get(hub.cdn_url() + "/cdn/" + sha + "/more").status, 404);
  EXPECT_EQ(http_get(hub.cdn_url() + "/api/models/org/model").status, 404);
  HttpOptions del;
  del.method = "DELETE";
  EXPECT_EQ(http_request(object, del).status, 405);
}

size_t discard(char*, size_t size, size_t count, void*) {
  return size * count;
}

TEST_F(HubRanges, ConnectionsAreKeptAlive) {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
  curl_easy_setopt(curl.get(), CURLOPT_URL, object.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, &discard);
  long connects = -1;
  for (int i = 0; i < 3; ++i) {
    curl_easy_setopt(curl.get(), CURLOPT_RANGE, i == 1 ? "0-99" : nullptr);
    ASSERT_EQ(curl_easy_perform(curl.get()), CURLE_OK);
    curl_easy_getinfo(curl.get(), CURLINFO_NUM_CONNECTS, &connects);
    if (i > 0) {
      EXPECT_EQ(connects, 0) << "request " << i << " opened a new connection";
    }
  }
}

}  // namespace
}  // namespace tf::test
