// Attachment and emoji image files: names, long-tailed sizes, contents with real signatures
// (PNG, JPEG, GIF, PDF, ZIP, text), and writing them into the data/ tree.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "tools/gen-synthetic/Rng.h"

namespace mm::gen {

enum class FileKind { kPng, kJpeg, kGif, kPdf, kZip, kText };

// Deliberate problems of a source attachment (answer-key kinds attachment_*).
enum class FileProblem { kNone, kTypeMismatch, kMissing, kEmpty };

struct FileChoice {
  FileKind kind;        // what the bytes are
  std::string name;     // file name, its extension naming `kind` (a lie for kTypeMismatch)
  uint64_t size = 0;
};

// A file to attach: kind, name and size (bytes to ~2 MB, mostly a few KB). With kTypeMismatch the
// content is JPEG under a ".gif" name; with kEmpty the size is 0.
FileChoice choose_file(Rng& rng, FileProblem problem);

// Fills `out` with `size` bytes of `kind` content starting with the format's signature (a
// complete 1x1 image, PDF header, or a valid stored ZIP; random bytes fill the rest).
void fill_file_content(FileKind kind, uint64_t size, Rng& rng, std::string& out);

// A small valid PNG or GIF for custom emoji number `index`.
std::string emoji_image(size_t index);

// Writes `bytes` to `root`/`relative`, creating the directories.
void write_tree_file(const std::string& root, const std::string& relative, std::string_view bytes);

}  // namespace mm::gen
