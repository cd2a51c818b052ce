// The one post visitor of the On Demand readers: reads a "post" or "direct_post" payload (a
// simdjson On Demand value, in place) into a PostView, with the importer's encoding/json
// semantics, so that every command reading a post by On Demand sees the same post:
//   - keys match by the one rule of jsonl/JsonKey.h (escapes decoded, ASCII case folded);
//   - a member written twice counts by its last occurrence: a later "message" replaces the
//     text, a later "attachments" the list, a later "replies" every reply;
//   - every field read is a pointer in Go's PostImportData (*string, *[]…): a null or a value of
//     another JSON type leaves it absent, even after an earlier valid one (the validator reports
//     the type error; a reader only needs to see nothing there).
// plan (stages/PostScanner), verify-attachments (stages/AttachmentRefs) and stats' parsed path
// (stages/StatsStage) read posts through it. The rewriters (stages/PostRewriter and the keyers of
// apply --since and reconcile) walk the same members to change or key them: they edit every
// occurrence of a name, which is the same import whichever occurrence Go keeps.
//
// Views point into the line or into the parser's string buffer: valid until the parser reads
// another document. No allocation once a PostView's vectors have grown to a line's size.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include <simdjson.h>

namespace mm {

struct PostText {
  std::string_view text;  // unescaped
  bool present = false;   // the last such member is a string
};

struct PostView {
  // An attachments[] element whose last "path" member is a non-empty string.
  struct Attachment {
    int32_t reply;           // -1: the post's own; else the index of its reply in `replies`
    uint32_t index;          // the element's index in its attachments array
    std::string_view path;   // unescaped
    const char* element;     // the element's '{'
    const char* array;       // its array's '['
    const char* path_token;  // the path's JSON string token (its opening quote)
  };
  struct Reply {
    PostText message;
    uint64_t reactions = 0;    // elements of the last "reactions" array
    uint64_t attachments = 0;  // elements of the last "attachments" array
  };

  bool found = false;  // the payload is a JSON object
  PostText team;
  PostText message;
  uint64_t reactions = 0;
  uint64_t attachments_count = 0;
  std::vector<Reply> replies;           // one per element of the last "replies" array
  std::vector<Attachment> attachments;  // the post's and its replies' paths, in document order

  void clear() {
    found = false;
    team = {};
    message = {};
    reactions = 0;
    attachments_count = 0;
    replies.clear();
    attachments.clear();
  }
  // Reactions and attachments of the post and of all its replies.
  uint64_t total_reactions() const;
  uint64_t total_attachments() const;
};

// What read_post reads; what is not asked for is skipped unparsed.
enum PostPart : unsigned {
  kPostTexts = 1,        // team, message, the replies' messages
  kPostPaths = 2,        // attachment paths and their spans
  kPostCounts = 4,       // how many reactions and attachments, the post's and each reply's
};

// Reads `payload` into `out` (cleared first). A syntax error inside it stops the walk (what was
// read before stays); the line is then malformed for the classifier that called this.
void read_post(simdjson::ondemand::value& payload, PostView& out, unsigned parts);

}  // namespace mm
