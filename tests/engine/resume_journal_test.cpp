#include "engine/resume_journal.hpp"

#include <fstream>

#include <gtest/gtest.h>

#include "support/test_support.hpp"

using namespace tf::engine;

namespace {

JournalHeader sample_header() {
  return {1000, 100, "\"etag-1\"", "http://127.0.0.1:8080/file.bin"};
}

}  // namespace

TEST(ResumeJournal, RoundTripsHeaderAndRecords) {
  tf::test::TempDir dir;
  const auto path = dir / "f.journal";
  {
    auto writer = JournalWriter::create(path, sample_header());
    writer.append({3, 0xDEADBEEF});
    writer.append({0, 42});
  }
  const auto journal = read_journal(path);
  ASSERT_TRUE(journal);
  EXPECT_EQ(journal->header, sample_header());
  EXPECT_EQ(journal->records, (std::vector<JournalRecord>{{3, 0xDEADBEEF}, {0, 42}}));
  EXPECT_EQ(journal->damaged_records, 0u);
}

TEST(ResumeJournal, TornLastRecordIsIgnoredOthersKept) {
  auto bytes = encode_journal_header(sample_header());
  const auto r1 = encode_journal_record({1, 11});
  const auto r2 = encode_journal_record({2, 22});
  bytes.insert(bytes.end(), r1.begin(), r1.end());
  bytes.insert(bytes.end(), r2.begin(), r2.begin() + 10);  // kill -9 mid-append
  const auto journal = parse_journal(bytes);
  ASSERT_TRUE(journal);
  EXPECT_EQ(journal->records, (std::vector<JournalRecord>{{1, 11}}));
  EXPECT_EQ(journal->damaged_records, 1u);
}

TEST(ResumeJournal, DamagedRecordAndOutOfGridChunkAreRejected) {
  auto bytes = encode_journal_header(sample_header());
  std::vector<uint8_t> bad = encode_journal_record({1, 11});
  bad[9] ^= 0x40;                                                     // flip a bit of the xxh3
  std::vector<uint8_t> out_of_grid = encode_journal_record({10, 5});  // chunks are 0..9
  std::vector<uint8_t> good = encode_journal_record({9, 99});
  for (const auto* r : {&bad, &out_of_grid, &good}) {
    bytes.insert(bytes.end(), r->begin(), r->end());
  }
  const auto journal = parse_journal(bytes);
  ASSERT_TRUE(journal);
  EXPECT_EQ(journal->records, (std::vector<JournalRecord>{{9, 99}}));
  EXPECT_EQ(journal->damaged_records, 2u);
}

TEST(ResumeJournal, AnyDamageToTheHeaderMakesTheJournalUnusable) {
  const auto header = encode_journal_header(sample_header());
  EXPECT_FALSE(parse_journal({}));
  EXPECT_FALSE(parse_journal(std::span(header).first(header.size() - 1)));
  for (size_t i = 0; i < header.size(); ++i) {
    auto damaged = header;
    damaged[i] ^= 0x01;
    EXPECT_FALSE(parse_journal(damaged)) << "byte " << i;
  }
}

TEST(ResumeJournal, AbsurdGeometryIsRejected) {
  EXPECT_FALSE(parse_journal(encode_journal_header({1000, 0, "", ""})));
  EXPECT_FALSE(parse_journal(encode_journal_header({uint64_t{1} << 63, 100, "", ""})));
}

TEST(ResumeJournal, CreateReplacesAnOldJournal) {
  tf::test::TempDir dir;
  const auto path = dir / "f.journal";
  JournalWriter::create(path, sample_header()).append({1, 1});
  JournalHeader other = sample_header();
  other.validator = "\"etag-2\"";
  JournalWriter::create(path, other);
  const auto journal = read_journal(path);
  ASSERT_TRUE(journal);
  EXPECT_EQ(journal->header.validator, "\"etag-2\"");
  EXPECT_TRUE(journal->records.empty());
  EXPECT_FALSE(std::filesystem::exists(path.string() + ".new"));
}
