// The server's limits on the images an import brings, and the pixel size of an image read from
// its header (no decode), for validate, verify-attachments and plan to apply them alike.
//
// - Custom emoji: importEmoji copies the image through utils.NewLimitedReaderWithError(file,
//   MaxEmojiFileSize) and fails the emoji line on a larger file. MaxEmojiFileSize is 1 << 19
//   (512 KiB) in the newest server (app/emoji.go); releases before it had 1 << 20 (1 MiB). The
//   newest is used: an image that fits it fits both.
// - Profile images of users and bots: importUser / importProfileImage run checkImageLimits(file,
//   FileSettings.MaxImageResolution) before SetProfileImageFromFile and fail the line when
//   width * height (imaging.GetDimensions, the image header) is more than MaxImageResolution,
//   7680 * 4320 by default (model/config.go).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace mm {

class TreeFile;

inline constexpr uint64_t kMaxEmojiFileSize = uint64_t{1} << 19;
inline constexpr uint64_t kMaxImageResolution = uint64_t{7680} * 4320;

struct ImageSize {
  uint32_t width = 0, height = 0;
  uint64_t pixels() const { return uint64_t{width} * height; }
};

// The width and height in the header of a PNG (IHDR), GIF (logical screen), BMP (info header;
// a negative, top-down height counts by its magnitude) or JPEG (the first SOFn marker) held in
// `head`, the file's first bytes; nullopt for any other format or a header cut short.
std::optional<ImageSize> image_size(std::string_view head);

// The same for an open file of the import tree whose first bytes are `head`: a JPEG whose SOFn
// lies beyond the head (large EXIF or ICC segments before it) is followed segment by segment with
// TreeFile::pread. `file` null: the head only.
std::optional<ImageSize> image_size(TreeFile* file, std::string_view head);

}  // namespace mm
