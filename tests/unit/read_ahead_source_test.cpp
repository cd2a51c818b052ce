#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "io/Error.h"
#include "io/ReadAheadSource.h"

namespace mm {
namespace {

// Gives `total` bytes of a known pattern in reads of at most `step`, then fails with an Error
// when `fail` is set.
class PatternSource final : public ByteSource {
 public:
  PatternSource(uint64_t total, size_t step, bool fail) : total_(total), step_(step), fail_(fail) {}
  size_t read(char* dst, size_t max) override {
    size_t n = static_cast<size_t>(std::min<uint64_t>({max, step_, total_ - at_}));
    for (size_t i = 0; i < n; ++i) dst[i] = byte(at_ + i);
    at_ += n;
    if (n == 0 && fail_) throw Error("p.zst: corrupt zstd data near compressed byte 7");
    return n;
  }
  const std::string& name() const override { return name_; }
  uint64_t raw_bytes_read() const override { return at_ / 2; }
  uint64_t raw_size() const override { return total_ / 2; }
  static char byte(uint64_t i) { return static_cast<char>((i * 131) ^ (i >> 9)); }

 private:
  uint64_t total_, at_ = 0;
  size_t step_;
  bool fail_;
  std::string name_ = "p.zst";
};

std::string drain(ByteSource& s, size_t read_size) {
  std::string out, buf(read_size, '\0');
  while (size_t n = s.read(buf.data(), buf.size())) out.append(buf.data(), n);
  return out;
}

TEST(ReadAheadSource, HandsOutTheInnerStreamInOrderWhateverTheSizes) {
  for (uint64_t total : {uint64_t{0}, uint64_t{1}, uint64_t{4096}, uint64_t{4097}, uint64_t{100000}}) {
    for (size_t step : {size_t{1000}, size_t{4096}, size_t{70000}}) {
      for (size_t read_size : {size_t{7}, size_t{4096}, size_t{1} << 20}) {
        ReadAheadSource s(std::make_unique<PatternSource>(total, step, false), 3, 4096);
        EXPECT_EQ(s.name(), "p.zst");
        EXPECT_EQ(s.raw_size(), total / 2);
        std::string out = drain(s, read_size);
        ASSERT_EQ(out.size(), total) << total << " " << step << " " << read_size;
        for (uint64_t i = 0; i < total; ++i) ASSERT_EQ(out[i], PatternSource::byte(i)) << i;
        EXPECT_EQ(s.raw_bytes_read(), total / 2);
        char c;
        EXPECT_EQ(s.read(&c, 1), 0u);  // stays at its end
      }
    }
  }
}

TEST(ReadAheadSource, AnInnerErrorIsRaisedAfterTheBytesBeforeIt) {
  ReadAheadSource s(std::make_unique<PatternSource>(10000, 3000, true), 2, 4096);
  std::string out, buf(1000, '\0');
  try {
    for (;;) {
      size_t n = s.read(buf.data(), buf.size());
      ASSERT_NE(n, 0u) << "the end without the error";
      out.append(buf.data(), n);
    }
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "p.zst: corrupt zstd data near compressed byte 7");
  }
  EXPECT_EQ(out.size(), 10000u);
}

TEST(ReadAheadSource, DestroyedBeforeTheEndStopsItsThread) {
  ReadAheadSource s(std::make_unique<PatternSource>(uint64_t{1} << 30, 65536, false), 2, 4096);
  char buf[100];
  EXPECT_EQ(s.read(buf, sizeof buf), sizeof buf);
  // The destructor joins the producer, blocked on a full ring: the test ends rather than hangs.
}

}  // namespace
}  // namespace mm
