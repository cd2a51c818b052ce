// What an attachment's name promises about its content, the way the Mattermost server reads it.
//
// The server takes the type of an imported attachment from its name, never from its bytes:
// UploadFileX -> model.NewInfo(name) sets MimeType = mime.TypeByExtension(lower(filepath.Ext(name)))
// (mattermost/mattermost server/public/model/file_info.go `NewInfo`). When that type starts with
// "image" (`FileInfo.IsImage`) the bytes are run through the image decoder, which registers
// image/gif, image/jpeg, image/png, golang.org/x/image/bmp, .../tiff and .../webp
// (server/channels/app/imaging/decode.go; preprocessImage/postprocessImage in
// server/channels/app/file.go). For ".gif" the server decodes GIF specifically to count frames
// (getInfoForBytes -> imgutils.CountGIFFrames in server/channels/app/file_info.go, and
// model.GetInfoForBytes -> gif.DecodeAll in older releases), which is where a JPEG named .gif
// stops an import with "GetInfoForBytes: Could not decode gif". SVG is parsed, not decoded, and a
// parse failure is only logged. So: a content mismatch on an extension the server decodes as an
// image (jpg jpeg png gif bmp tif tiff webp) is an error; on any other extension a warning.
//
// Emoji images have no extension; the importer requires them to decode as GIF, JPEG, PNG or WebP
// or to parse as SVG (docs/bulk-format.md §3, mmctl import validate).
#pragma once

#include <string>
#include <string_view>

namespace mm {

struct ExtensionRule {
  std::string_view extension;  // lower-case, without the dot
  std::string_view expected;   // the MIME type the extension names
  bool decoded_as_image;       // the server runs its image decoder on it
  bool text;                   // any text/* content is accepted (".txt" holding CSV is no lie)
  std::string_view also;       // other accepted MIME types, '|'-separated
};

// The rule for a lower-case extension, or nullptr when this table does not know it.
const ExtensionRule* rule_for_extension(std::string_view extension);

// Whether `detected` (libmagic's MIME type) is what `rule` promises.
bool type_matches(const ExtensionRule& rule, std::string_view detected);

// Go's strings.ToLower(filepath.Ext(path)) without the leading dot: "" when the last element has
// no dot (or ends with one).
std::string lower_extension(std::string_view path);

// The extension a file of this MIME type should carry, "" when there is no single answer.
std::string_view extension_for_type(std::string_view mime);

// Types the importer accepts for an emoji image.
bool is_emoji_image_type(std::string_view mime);
inline constexpr std::string_view kEmojiImageTypes = "image/gif|jpeg|png|webp|svg+xml";

// Types the importer can read a profile image as: it decodes the image's header
// (checkImageLimits -> imaging.GetDimensions: GIF, JPEG, PNG, BMP, TIFF, WebP) and fails the
// user line when it cannot.
bool is_profile_image_type(std::string_view mime);
inline constexpr std::string_view kProfileImageTypes = "image/gif|jpeg|png|bmp|tiff|webp";

// libmagic's answer for the few signatures that admit only one answer (PNG, JPEG, GIF, WebP,
// PDF), read straight from the first bytes; "" for anything else, which goes to libmagic.
// attachment_verifier_test checks that both agree on every signature listed here.
std::string_view sniff_unambiguous_type(std::string_view head);

// Whether the bytes start with a ZIP local file header ("PK\3\4").
bool is_zip_local_header(std::string_view head);

}  // namespace mm
