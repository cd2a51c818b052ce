// Every file a line of an export refers to under data/: the attachment paths of a `post` or
// `direct_post` line and of its replies, the image of an `emoji` line, and the `profile_image` of
// a `user` or `bot` line. Read with simdjson On
// Demand in place, in the same single pass that classifies the line (LineClassifier); a post's
// attachments through the one post visitor (jsonl/PostView.h). Keys match as the importer's Go
// decoder matches them (case-insensitively, the last duplicate wins).
//
// Each reference carries where it is: the line, the field ("post.replies[1].attachments[0].path"),
// and the byte offsets of the path's JSON string and of its attachments[] element inside the
// line, so that a later stage can splice a new path into the original bytes or drop the element
// without re-serialising the line. Paths are unescaped into one arena per chunk (no allocation
// per reference). Null or empty paths are not references (the importer skips them).
//
// A line with invalid UTF-8 is read as the importer's encoding/json reads it, with U+FFFD in
// place of each bad byte (jsonl/GoUtf8.h): its references are checked like any other, and their
// offsets are in that reading of the line, which Result keeps (a rewritten line is written from
// it, as apply does).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "jsonl/Chunk.h"
#include "model/FindingsSink.h"
#include "model/Finding.h"
#include "jsonl/LineClassifier.h"
#include "jsonl/LineSplicer.h"
#include "jsonl/LineType.h"
#include "jsonl/PostView.h"

namespace mm {

enum class AttachmentRefKind : uint8_t { kAttachment, kEmojiImage, kProfileImage };

struct AttachmentReference {
  uint32_t line = 0;           // chunk-local line index
  LineType line_type = LineType::kPost;  // kPost, kDirectPost, kEmoji, kUser or kBot
  AttachmentRefKind kind = AttachmentRefKind::kAttachment;
  int32_t reply = -1;          // index in replies[], -1 for the post itself
  uint32_t attachment = 0;     // index in attachments[]
  uint32_t path_offset = 0;    // the unescaped path: in Result::paths
  uint32_t path_size = 0;
  uint32_t line_begin = 0;     // the line's text: chunk.data + line_begin, line_size bytes
  uint32_t line_size = 0;
  uint32_t value_begin = 0;    // the path's JSON string token (with quotes), offsets in the line
  uint32_t value_end = 0;
  uint32_t element_begin = 0;  // the '{' of the attachments[] element; for a profile image, the
                               // opening quote of its "profile_image" key
  uint32_t array_begin = 0;    // the '[' of that attachments array
  bool as_read = false;        // the line holds invalid UTF-8: the offsets above are in its
  uint32_t text_offset = 0;    // reading with U+FFFD, Result::texts[text_offset, +text_size)
  uint32_t text_size = 0;

  // "post.replies[1].attachments[0].path", "direct_post.attachments[2].path", "emoji.image",
  // "user.profile_image".
  std::string field() const;
};

class AttachmentRefs {
 public:
  struct Result {
    std::vector<AttachmentReference> refs;  // in line order, then in document order
    std::string paths;                // arena of the unescaped paths
    FindingList findings;          // malformed lines (chunk-local), as StatsStage reports them
    std::string texts;                // the lines with invalid UTF-8 that hold references, as read
    std::vector<char> utf8;           // scratch for reading such a line
    PostView post;                    // scratch: a post payload as read
    std::string_view path(const AttachmentReference& r) const { return {paths.data() + r.path_offset, r.path_size}; }
    // The text the reference's offsets are in: the line in the chunk, or its reading as above.
    std::string_view line_text(const Chunk& chunk, const AttachmentReference& r) const {
      return r.as_read ? std::string_view(texts.data() + r.text_offset, r.text_size)
                       : std::string_view(chunk.data + r.line_begin, r.line_size);
    }
  };

  // Extracts the references of every line of the chunk; returns the number of lines.
  uint32_t process(const Chunk& chunk, simdjson::ondemand::parser& parser, Result& result) const;

 private:
  LineClassifier classifier_;
};

// ---- rewriting a line's attachment paths (verify-attachments --fix-out), with jsonl/LineSplicer ----

struct PathReplacement {
  uint32_t value_begin = 0;  // the JSON string token to replace (with its quotes)
  uint32_t value_end = 0;
  std::string path;          // the new path, unescaped
};

struct ElementRemoval {
  uint32_t array_begin = 0;    // the '[' of the array
  uint32_t element_begin = 0;  // the first byte of the element to remove
};

struct MemberRemoval {
  uint32_t begin = 0;  // the opening quote of the member's key
  uint32_t end = 0;    // one past its value
};

// Appends `line` to `out` with its attachment paths replaced and the given attachments[]
// elements and object members (a profile_image) removed, each with one comma beside it, every
// other byte as it was (LineSplicer). Offsets are relative to the line's text (from
// AttachmentRefs); a replacement inside a removed element goes with it.
void rewrite_attachment_line(std::string_view line, const std::vector<PathReplacement>& replacements,
                             const std::vector<ElementRemoval>& removals,
                             const std::vector<MemberRemoval>& member_removals, std::string& out);

}  // namespace mm
