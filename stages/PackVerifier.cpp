#include "stages/PackVerifier.h"

#include <algorithm>

#include <fmt/format.h>

namespace mm {

namespace {
// libmagic reads no more than this of a file: what AttachmentVerifier gives it.
const size_t kHeadBytes = AttachmentVerifier::Options{}.head_bytes;
}  // namespace

class PackVerifier::FileTee : public PackTee {
 public:
  FileTee(PackVerifier& v, std::string path, AttachmentRefKind kind, uint64_t line)
      : v_(v), path_(std::move(path)), kind_(kind), line_(line) {}

  void begin() override {
    v_.head_.clear();
    v_.size_ = 0;
    XXH3_128bits_reset(v_.scratch_.hash_state);
  }

  void piece(std::string_view bytes) override {
    if (v_.head_.size() < kHeadBytes) v_.head_.append(bytes.substr(0, kHeadBytes - v_.head_.size()));
    XXH3_128bits_update(v_.scratch_.hash_state, bytes.data(), bytes.size());
    v_.size_ += bytes.size();
  }

  std::string end() override {
    XXH3_128bits_digest(v_.scratch_.hash_state);  // the whole content read and hashed
    v_.hashed_++;
    FileCheck check;
    check.size = v_.size_;
    AttachmentVerifier::classify(path_, kind_, v_.head_, v_.scratch_, check);
    v_.type_checked_++;
    if (check.problem != FileProblem::kTypeMismatch) return {};
    if (check.severity == Severity::kError)
      return fmt::format("{}:{}: \"{}\": the content is {}, not {} as its name says, a type mismatch the plan "
                         "does not know (the import tree changed since `plan --import-path`, or the plan was "
                         "made without it); the server would refuse the file; nothing was written",
                         v_.source_, line_, path_, check.detected.empty() ? "unknown" : check.detected,
                         check.expected);
    v_.mismatch_count_++;
    if (v_.listed_.size() < kMaxListed)
      v_.listed_.push_back({path_, line_, std::move(check.expected), std::move(check.detected)});
    return {};
  }

 private:
  PackVerifier& v_;
  std::string path_;
  AttachmentRefKind kind_;
  uint64_t line_;
};

PackVerifier::PackVerifier(std::string source) : source_(std::move(source)) { head_.reserve(kHeadBytes); }
PackVerifier::~PackVerifier() = default;

std::unique_ptr<PackTee> PackVerifier::tee(std::string path, AttachmentRefKind kind, uint64_t line) {
  return std::make_unique<FileTee>(*this, std::move(path), kind, line);
}

}  // namespace mm
