#include "commands/ExportSample.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <string_view>
#include <sys/stat.h>

#include <fmt/format.h>

#include "io/Error.h"
#include "jsonl/Chunk.h"
#include "jsonl/Lines.h"
#include "jsonl/LineClassifier.h"

namespace mm {
namespace {

// Whether a line has a space right after a ':' or ',' outside its strings.
bool is_spaced(std::string_view line) {
  bool in_string = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if ((c == ':' || c == ',') && i + 1 < line.size() && (line[i + 1] == ' ' || line[i + 1] == '\t')) {
      return true;
    }
  }
  return false;
}

}  // namespace

ExportSample sample_export(const std::string& path, size_t sample_bytes) {
  ExportSample s;
  s.path = path;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw_io_error(path, "cannot open", errno);
  s.file_bytes = static_cast<uint64_t>(st.st_size);
  s.format = detect_input_format(path);
  std::unique_ptr<ByteSource> source = open_byte_source(path);

  Chunk chunk;
  chunk.storage.reserve(sample_bytes);
  size_t got = 0;
  while (got < sample_bytes) {
    size_t n = source->read(chunk.storage.data() + got, sample_bytes - got);
    if (n == 0) break;
    got += n;
  }
  const bool whole = got < sample_bytes;  // the sample is the whole export
  std::string_view bytes(chunk.storage.data(), got);
  if (!whole) {
    size_t last = bytes.rfind('\n');
    if (last == std::string_view::npos)
      throw Error(fmt::format("{}: no line ends in the first {} bytes: not an export?", source->name(), got));
    bytes = bytes.substr(0, last + 1);
  }
  if (bytes.empty()) throw Error(fmt::format("{}: empty export", source->name()));
  chunk.data = bytes.data();
  chunk.size = bytes.size();
  chunk.mark_bom();
  std::memset(chunk.storage.data() + bytes.size(), 0,
              std::min<size_t>(simdjson::SIMDJSON_PADDING, chunk.storage.capacity() - bytes.size()));

  simdjson::ondemand::parser parser;
  LineClassifier classifier;
  for_each_line(chunk, [&](const Line& line) {
    ++s.sample_lines;
    LineType type = classifier.classify(parser, line);
    s.post_lines += type == LineType::kPost || type == LineType::kDirectPost;
    s.spaced_lines += is_spaced(line.text);
  });
  s.sample_bytes = bytes.size();

  if (s.format == InputFormat::kJsonl) {
    s.bytes = s.file_bytes;
  } else if (whole) {
    s.bytes = got;
  } else if (s.format == InputFormat::kZip && source->raw_size()) {
    s.bytes = source->raw_size();  // the JSONL entry's uncompressed size, from the zip's directory
  } else {
    // Decoded bytes per byte of the file so far, applied to the whole file.
    uint64_t raw = source->raw_bytes_read();
    s.bytes = raw ? static_cast<uint64_t>(double(s.file_bytes) * double(got) / double(raw)) : s.file_bytes;
    s.bytes_estimated = true;
  }
  return s;
}

}  // namespace mm
