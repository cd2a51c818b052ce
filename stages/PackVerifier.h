// The checks `apply --out X.zip --import-path DIR` makes on each file it packs, in the read that
// packs it (io/StreamZipWriter.h's PackTee: the file is read once, in fixed-size pieces): its
// content type (libmagic on its first bytes, decided as stages/AttachmentVerifier.h decides it,
// under the name the output gives it) and its XXH3-128 hash.
//
// The plan already decided what to do with the problems `plan --import-path` found: a file whose
// content its image extension misnames was renamed (the packed entry has the right extension) or
// dropped. So a type mismatch found here is either one the server does not mind (a non-image
// extension: listed in the summary) or one the plan did not know (the tree changed since, or the
// plan was made without --import-path): an error naming the file and its line, which stops the
// commit so that nothing is written.
//
// Files are packed one at a time (on the packing thread), so one scratch (libmagic cookies, head buffer, hash state) serves
// them all; each file's tee holds only its name, kind and line.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "io/StreamZipWriter.h"
#include "stages/AttachmentVerifier.h"

namespace mm {

struct PackedTypeMismatch {
  std::string path;      // as the output names it
  uint64_t line = 0;     // of SOURCE: the first line naming it
  std::string expected;  // what its extension asks for
  std::string detected;  // libmagic's answer
};

class PackVerifier {
 public:
  static constexpr size_t kMaxListed = 1000;  // mismatches listed; all are counted

  // `source`: SOURCE's name, for errors.
  explicit PackVerifier(std::string source);
  ~PackVerifier();
  PackVerifier(const PackVerifier&) = delete;
  PackVerifier& operator=(const PackVerifier&) = delete;

  // The tee for the file named `path` in the output (first named at SOURCE line `line`, as
  // `kind`); used for one add_stored().
  std::unique_ptr<PackTee> tee(std::string path, AttachmentRefKind kind, uint64_t line);

  uint64_t type_checked() const { return type_checked_; }
  uint64_t hashed() const { return hashed_; }
  uint64_t mismatches() const { return mismatch_count_; }
  std::vector<PackedTypeMismatch>& listed() { return listed_; }

 private:
  class FileTee;

  std::string source_;
  VerifyScratch scratch_;
  std::string head_;  // the current file's first bytes, up to the verifier's head size
  uint64_t size_ = 0;  // the current file's bytes so far
  uint64_t type_checked_ = 0;
  uint64_t hashed_ = 0;
  uint64_t mismatch_count_ = 0;
  std::vector<PackedTypeMismatch> listed_;
};

}  // namespace mm
