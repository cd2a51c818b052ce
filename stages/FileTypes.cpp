#include "stages/FileTypes.h"

#include <array>
#include <cstring>

namespace mm {

namespace {

constexpr std::string_view kOoxml = "application/zip|application/octet-stream";
constexpr std::string_view kOle = "application/CDFV2|application/x-ole-storage|application/octet-stream";

constexpr std::array kRules = {
    // decoded as images by the server: a mismatch is an error
    ExtensionRule{"jpg", "image/jpeg", true, false, ""},
    ExtensionRule{"jpeg", "image/jpeg", true, false, ""},
    ExtensionRule{"png", "image/png", true, false, ""},
    ExtensionRule{"gif", "image/gif", true, false, ""},
    ExtensionRule{"bmp", "image/bmp", true, false, "image/x-ms-bmp"},
    ExtensionRule{"tif", "image/tiff", true, false, ""},
    ExtensionRule{"tiff", "image/tiff", true, false, ""},
    ExtensionRule{"webp", "image/webp", true, false, ""},
    // everything else: a mismatch is a warning
    ExtensionRule{"svg", "image/svg+xml", false, false, "text/xml|application/xml"},
    ExtensionRule{"ico", "image/vnd.microsoft.icon", false, false, "image/x-icon"},
    ExtensionRule{"heic", "image/heic", false, false, "image/heif"},
    ExtensionRule{"avif", "image/avif", false, false, ""},
    ExtensionRule{"psd", "image/vnd.adobe.photoshop", false, false, ""},
    ExtensionRule{"pdf", "application/pdf", false, false, ""},
    ExtensionRule{"zip", "application/zip", false, false, ""},
    ExtensionRule{"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", false, false, kOoxml},
    ExtensionRule{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", false, false, kOoxml},
    ExtensionRule{"pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", false, false, kOoxml},
    ExtensionRule{"odt", "application/vnd.oasis.opendocument.text", false, false, "application/zip"},
    ExtensionRule{"ods", "application/vnd.oasis.opendocument.spreadsheet", false, false, "application/zip"},
    ExtensionRule{"odp", "application/vnd.oasis.opendocument.presentation", false, false, "application/zip"},
    ExtensionRule{"doc", "application/msword", false, false, kOle},
    ExtensionRule{"xls", "application/vnd.ms-excel", false, false, kOle},
    ExtensionRule{"ppt", "application/vnd.ms-powerpoint", false, false, kOle},
    ExtensionRule{"rtf", "text/rtf", false, true, "application/rtf"},
    ExtensionRule{"gz", "application/gzip", false, false, "application/x-gzip"},
    ExtensionRule{"tgz", "application/gzip", false, false, "application/x-gzip"},
    ExtensionRule{"tar", "application/x-tar", false, false, ""},
    ExtensionRule{"bz2", "application/x-bzip2", false, false, ""},
    ExtensionRule{"xz", "application/x-xz", false, false, ""},
    ExtensionRule{"zst", "application/zstd", false, false, ""},
    ExtensionRule{"7z", "application/x-7z-compressed", false, false, ""},
    ExtensionRule{"rar", "application/x-rar", false, false, "application/vnd.rar"},
    ExtensionRule{"mp3", "audio/mpeg", false, false, ""},
    ExtensionRule{"wav", "audio/x-wav", false, false, "audio/wav"},
    ExtensionRule{"flac", "audio/flac", false, false, "audio/x-flac"},
    ExtensionRule{"ogg", "audio/ogg", false, false, "application/ogg|video/ogg"},
    ExtensionRule{"m4a", "audio/x-m4a", false, false, "audio/mp4|video/mp4"},
    ExtensionRule{"mp4", "video/mp4", false, false, ""},
    ExtensionRule{"mov", "video/quicktime", false, false, ""},
    ExtensionRule{"webm", "video/webm", false, false, ""},
    ExtensionRule{"mkv", "video/x-matroska", false, false, ""},
    ExtensionRule{"avi", "video/x-msvideo", false, false, ""},
    ExtensionRule{"txt", "text/plain", false, true, ""},
    ExtensionRule{"log", "text/plain", false, true, ""},
    ExtensionRule{"md", "text/markdown", false, true, ""},
    ExtensionRule{"csv", "text/csv", false, true, ""},
    ExtensionRule{"tsv", "text/tab-separated-values", false, true, ""},
    ExtensionRule{"json", "application/json", false, true, ""},
    ExtensionRule{"jsonl", "application/json", false, true, "application/x-ndjson"},
    ExtensionRule{"xml", "text/xml", false, true, "application/xml"},
    ExtensionRule{"html", "text/html", false, true, ""},
    ExtensionRule{"htm", "text/html", false, true, ""},
    ExtensionRule{"yaml", "text/yaml", false, true, "application/x-yaml"},
    ExtensionRule{"yml", "text/yaml", false, true, "application/x-yaml"},
    ExtensionRule{"ini", "text/plain", false, true, ""},
    ExtensionRule{"conf", "text/plain", false, true, ""},
    ExtensionRule{"sql", "text/plain", false, true, "application/sql"},
    ExtensionRule{"sh", "text/x-shellscript", false, true, ""},
    ExtensionRule{"py", "text/x-script.python", false, true, ""},
    ExtensionRule{"js", "text/javascript", false, true, "application/javascript"},
    ExtensionRule{"css", "text/css", false, true, ""},
    ExtensionRule{"go", "text/x-go", false, true, ""},
    ExtensionRule{"c", "text/x-c", false, true, ""},
    ExtensionRule{"h", "text/x-c", false, true, ""},
    ExtensionRule{"cpp", "text/x-c++", false, true, ""},
    ExtensionRule{"java", "text/x-java", false, true, ""},
};

bool in_list(std::string_view list, std::string_view value) {
  while (!list.empty()) {
    size_t bar = list.find('|');
    if (list.substr(0, bar) == value) return true;
    if (bar == std::string_view::npos) break;
    list.remove_prefix(bar + 1);
  }
  return false;
}

}  // namespace

const ExtensionRule* rule_for_extension(std::string_view extension) {
  for (const ExtensionRule& rule : kRules)
    if (rule.extension == extension) return &rule;
  return nullptr;
}

bool type_matches(const ExtensionRule& rule, std::string_view detected) {
  if (detected == rule.expected || in_list(rule.also, detected)) return true;
  if (rule.text && (detected.substr(0, 5) == "text/" || detected == "application/json")) return true;
  return false;
}

std::string lower_extension(std::string_view path) {
  size_t slash = path.rfind('/');
  std::string_view base = slash == std::string_view::npos ? path : path.substr(slash + 1);
  size_t dot = base.rfind('.');
  if (dot == std::string_view::npos) return {};
  std::string ext(base.substr(dot + 1));
  for (char& c : ext)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return ext;
}

std::string_view extension_for_type(std::string_view mime) {
  struct Pair {
    std::string_view mime, extension;
  };
  static constexpr Pair kPairs[] = {
      {"image/jpeg", "jpg"}, {"image/png", "png"}, {"image/gif", "gif"}, {"image/webp", "webp"},
      {"image/bmp", "bmp"}, {"image/x-ms-bmp", "bmp"}, {"image/tiff", "tiff"}, {"image/svg+xml", "svg"},
      {"image/heic", "heic"}, {"image/avif", "avif"}, {"application/pdf", "pdf"}, {"application/zip", "zip"},
      {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"},
      {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"},
      {"application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"},
      {"application/vnd.oasis.opendocument.text", "odt"}, {"application/msword", "doc"},
      {"application/vnd.ms-excel", "xls"}, {"application/vnd.ms-powerpoint", "ppt"},
      {"application/gzip", "gz"}, {"application/x-tar", "tar"}, {"application/x-bzip2", "bz2"},
      {"application/x-xz", "xz"}, {"application/zstd", "zst"}, {"application/x-7z-compressed", "7z"},
      {"application/x-rar", "rar"}, {"audio/mpeg", "mp3"}, {"audio/x-wav", "wav"}, {"audio/flac", "flac"},
      {"audio/ogg", "ogg"}, {"video/mp4", "mp4"}, {"video/quicktime", "mov"}, {"video/webm", "webm"},
      {"video/x-matroska", "mkv"}, {"video/x-msvideo", "avi"}, {"text/plain", "txt"}, {"text/csv", "csv"},
      {"text/html", "html"}, {"application/json", "json"}, {"text/xml", "xml"}, {"application/xml", "xml"},
  };
  for (const Pair& p : kPairs)
    if (p.mime == mime) return p.extension;
  return {};
}

bool is_emoji_image_type(std::string_view mime) {
  return mime == "image/gif" || mime == "image/jpeg" || mime == "image/png" || mime == "image/webp" ||
         mime == "image/svg+xml";
}

bool is_profile_image_type(std::string_view mime) {
  return mime == "image/gif" || mime == "image/jpeg" || mime == "image/png" || mime == "image/bmp" ||
         mime == "image/x-ms-bmp" || mime == "image/tiff" || mime == "image/webp";
}

std::string_view sniff_unambiguous_type(std::string_view head) {
  auto starts = [&](std::string_view prefix) { return head.substr(0, prefix.size()) == prefix; };
  if (starts(std::string_view("\x89PNG\r\n\x1a\n", 8))) return "image/png";
  if (starts("\xFF\xD8\xFF")) return "image/jpeg";
  if (starts("GIF87a") || starts("GIF89a")) return "image/gif";
  if (head.size() >= 16 && starts("RIFF") && head.substr(8, 4) == "WEBP" &&
      (head.substr(12, 4) == "VP8 " || head.substr(12, 4) == "VP8L" || head.substr(12, 4) == "VP8X"))
    return "image/webp";
  if (starts("%PDF-")) return "application/pdf";
  return {};
}

bool is_zip_local_header(std::string_view head) { return head.substr(0, 4) == std::string_view("PK\x03\x04", 4); }

}  // namespace mm
