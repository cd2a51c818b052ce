// The generator's only source of randomness: xoshiro256** seeded through SplitMix64 from
// (seed, stream, index), so that any part of the output (a block of posts, one attachment) can be
// regenerated on its own and the same arguments always give the same bytes.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mm::gen {

// Streams keep independent parts of the output from sharing random numbers.
enum class Stream : uint64_t {
  kModel = 1,
  kSourcePosts,
  kSourceDirectPosts,
  kTargetPosts,
  kTargetDirectPosts,
  kFiles,
  kProfileImages,
  kEvolve,        // gen-synthetic --evolve: its choices of objects
  kEvolvePosts,    // its new posts and changes to old ones
  kEvolveTarget,   // what the target gained meanwhile
};

class Rng {
 public:
  explicit Rng(uint64_t seed, Stream stream = Stream::kModel, uint64_t index = 0) {
    uint64_t x = seed ^ (static_cast<uint64_t>(stream) * 0xD1B54A32D192ED03ull) ^ (index * 0x9E3779B97F4A7C15ull);
    for (auto& s : s_) s = splitmix(x);
  }

  uint64_t next() {
    uint64_t result = rotl(s_[1] * 5, 7) * 9;
    uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  // Uniform in [0, n); n > 0.
  uint64_t below(uint64_t n) { return static_cast<uint64_t>((static_cast<__uint128_t>(next()) * n) >> 64); }
  // Uniform in [lo, hi].
  int64_t between(int64_t lo, int64_t hi) { return lo + static_cast<int64_t>(below(static_cast<uint64_t>(hi - lo) + 1)); }
  double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  bool chance(double p) { return unit() < p; }
  // Log-uniform in [lo, hi]: most values small, a long tail of large ones.
  uint64_t log_uniform(uint64_t lo, uint64_t hi) {
    double v = std::exp(std::log(static_cast<double>(lo)) + unit() * (std::log(static_cast<double>(hi)) - std::log(static_cast<double>(lo))));
    uint64_t r = static_cast<uint64_t>(v);
    return r < lo ? lo : (r > hi ? hi : r);
  }
  // Geometric number of successes with continuation probability p, capped.
  unsigned geometric(double p, unsigned cap) {
    unsigned n = 0;
    while (n < cap && chance(p)) ++n;
    return n;
  }
  template <class T>
  const T& pick(const std::vector<T>& v) { return v[below(v.size())]; }
  template <class T, size_t N>
  const T& pick(const T (&a)[N]) { return a[below(N)]; }

 private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  static uint64_t splitmix(uint64_t& x) {
    uint64_t z = (x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  uint64_t s_[4];
};

// Fisher-Yates shuffle.
template <class T>
inline void shuffle(std::vector<T>& v, Rng& rng) {
  for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng.below(i)]);
}

// A Mattermost-style id: 26 characters of [a-z0-9].
inline void append_id(std::string& out, Rng& rng) {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  for (int i = 0; i < 26; ++i) out += kAlphabet[rng.below(36)];
}

// A stable id for a named object: the same name always gives the same id.
inline std::string id_for(std::string_view kind, std::string_view name, uint64_t seed) {
  uint64_t h = 1469598103934665603ull ^ seed;
  for (char c : kind) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  h = (h ^ '/') * 1099511628211ull;
  for (char c : name) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  Rng rng(h);
  std::string id;
  append_id(id, rng);
  return id;
}

}  // namespace mm::gen
