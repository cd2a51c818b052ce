#include "stages/validate/PlainPostReader.h"

#include <algorithm>
#include <cstring>
#include <type_traits>

#include <simdjson.h>

#include "jsonl/JsonToken.h"

namespace mm::validate {

namespace {

enum Key : uint8_t {
  kTeam, kChannel, kUser, kType, kMessage, kProps, kCreateAt, kEditAt, kFlaggedBy, kReactions, kReplies,
  kAttachments, kThreadFollowers, kIsPinned, kChannelMembers, kEmojiName, kUnknownKey
};

constexpr uint32_t bit(Key k) { return uint32_t{1} << k; }
constexpr uint32_t kPostCommon = bit(kUser) | bit(kType) | bit(kMessage) | bit(kProps) | bit(kCreateAt) |
                                 bit(kEditAt) | bit(kFlaggedBy) | bit(kReactions) | bit(kReplies) |
                                 bit(kAttachments) | bit(kThreadFollowers) | bit(kIsPinned);
constexpr uint32_t kPostKeys = kPostCommon | bit(kTeam) | bit(kChannel);
constexpr uint32_t kDirectPostKeys = kPostCommon | bit(kChannelMembers);
constexpr uint32_t kReplyKeys = bit(kUser) | bit(kType) | bit(kMessage) | bit(kProps) | bit(kCreateAt) |
                                bit(kEditAt) | bit(kFlaggedBy) | bit(kReactions) | bit(kAttachments) | bit(kIsPinned);
constexpr uint32_t kReactionKeys = bit(kUser) | bit(kEmojiName) | bit(kCreateAt);

// The key at `p`, quotes included, written as its struct tag is (lower case, no escapes: the
// fast path of jsonl/JsonKey.h's rule; any other spelling declines the line), and its length;
// kUnknownKey for any other.
inline Key match_key(const char* p, const char* end, size_t& length) {
#define MATTERMERGE_KEY(tag, id)                   \
  if (starts_with(p, end, "\"" tag "\"")) {         \
    length = sizeof(tag) + 1;                      \
    return id;                                     \
  }
  if (end - p < 2) return kUnknownKey;
  switch (p[1]) {
    case 't':
      MATTERMERGE_KEY("team", kTeam)
      MATTERMERGE_KEY("type", kType)
      MATTERMERGE_KEY("thread_followers", kThreadFollowers)
      break;
    case 'c':
      MATTERMERGE_KEY("channel", kChannel)
      MATTERMERGE_KEY("create_at", kCreateAt)
      MATTERMERGE_KEY("channel_members", kChannelMembers)
      break;
    case 'u': MATTERMERGE_KEY("user", kUser) break;
    case 'm': MATTERMERGE_KEY("message", kMessage) break;
    case 'p': MATTERMERGE_KEY("props", kProps) break;
    case 'e':
      MATTERMERGE_KEY("edit_at", kEditAt)
      MATTERMERGE_KEY("emoji_name", kEmojiName)
      break;
    case 'f': MATTERMERGE_KEY("flagged_by", kFlaggedBy) break;
    case 'r':
      MATTERMERGE_KEY("reactions", kReactions)
      MATTERMERGE_KEY("replies", kReplies)
      break;
    case 'a': MATTERMERGE_KEY("attachments", kAttachments) break;
    case 'i': MATTERMERGE_KEY("is_pinned", kIsPinned) break;
    default: break;
  }
#undef MATTERMERGE_KEY
  return kUnknownKey;
}

// The top level of a plain post line, {"type":"post","post":{...}} or the same for direct_post,
// whitespace allowed between tokens (jsonl/LineType.h's post_head): where the payload starts and
// where the line's closing brace is. False for any other top level (another order, a second
// "type", escapes: the full validator reads those).
bool plain_top_level(std::string_view text, bool& direct, const char*& payload, const char*& payload_end) {
  const char* p = text.data();
  const char* end = p + text.size();
  while (end > p && is_json_space(end[-1])) --end;
  if (end - p < 2 || end[-1] != '}') return false;
  payload_end = end - 1;
  LineType type = post_head(text, payload);
  direct = type == LineType::kDirectPost;
  return type != LineType::kUnknown && payload <= payload_end;
}

// json.Marshal writes at most six runes for a byte of a string (\u003c for '<'), and no more
// than a compact integer of up to 18 digits, a literal or a bracket takes.
constexpr size_t kMaxMarshaledRunesPerByte = 6;

// The post cursor of each kernel, compiled from one body as the scan loop is
// (jsonl/StructuralScanner.h); deeper props than JsonCursor::kMaxDepth go to the full validator.
#ifdef MATTERMERGE_HAS_STRUCTURAL_SCANNER
#include "jsonl/kernels/avx2/begin.h"
#include "stages/validate/PlainPostCursor.h"
#include "jsonl/kernels/avx2/end.h"

#include "jsonl/kernels/avx512/begin.h"
#include "stages/validate/PlainPostCursor.h"
#include "jsonl/kernels/avx512/end.h"
#endif

const PostData kEmptyPost{};

// `post` made empty: a copy of kEmptyPost 16 bytes at a time. A memcpy of PostData's size is
// compiled into `rep movsq`, whose start-up cost on AMD cores was most of the copy (4% of
// validate's CPU: docs/performance.md).
inline void make_empty(PostData& post) {
  static_assert(std::is_trivially_copyable_v<PostData>);
#ifdef MATTERMERGE_HAS_STRUCTURAL_SCANNER  // x86: SSE2 is its baseline
  static_assert(sizeof(PostData) % 16 == 0);
  auto* to = reinterpret_cast<__m128i*>(&post);
  const auto* from = reinterpret_cast<const __m128i*>(&kEmptyPost);
#pragma GCC unroll 32
  for (size_t i = 0; i < sizeof(PostData) / 16; ++i) _mm_storeu_si128(to + i, _mm_loadu_si128(from + i));
#else
  std::memcpy(&post, &kEmptyPost, sizeof post);
#endif
}

}  // namespace

bool PlainPostReader::read(const Line& line, bool utf8_checked, PostElements& elements, PostData& post,
                           LineType& type) const {
  std::string_view text = line.text;
  bool direct = false;
  const char* payload = nullptr;
  const char* payload_end = nullptr;  // the line's closing brace
  if (kernel_ == ScannerKernel::kNone || text.size() > kMaxLineBytes ||
      !plain_top_level(text, direct, payload, payload_end))
    return false;
  if (!utf8_checked && !simdjson::validate_utf8(text.data(), text.size())) return false;
  // Not `post = {}`: that builds a zeroed temporary and copies it (two string instructions of
  // 432 bytes a line, about 6% of validate's CPU on a plain export).
  make_empty(post);
  elements.clear();
  bool read = false;
#ifdef MATTERMERGE_HAS_STRUCTURAL_SCANNER
  read = kernel_ == ScannerKernel::kAvx512
             ? scanner_avx512::read_payload(payload, payload_end, direct, options_.max_post_size, elements, post)
             : scanner_avx2::read_payload(payload, payload_end, direct, options_.max_post_size, elements, post);
#endif
  if (!read) return false;
  type = direct ? LineType::kDirectPost : LineType::kPost;
  return true;
}

}  // namespace mm::validate
