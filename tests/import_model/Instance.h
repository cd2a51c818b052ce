// The import model: an in-memory Mattermost instance that bulk export lines are imported into by
// the importer's match and merge rules (docs/import-model.md), written back out as a bulk
// export, summarised, and compared with another instance object by object. A test tool: clarity
// over speed; every object of the instance is held in memory.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <simdjson.h>

namespace mm::model_import {

struct Post {
  std::string user, type, message, props = "{}";
  int64_t create_at = 0, edit_at = 0;
  bool pinned = false;
  std::set<std::string> flagged_by;
  std::map<std::pair<std::string, std::string>, int64_t> reactions;  // (user, emoji) -> create_at
  std::vector<std::string> attachments;                              // paths, as imported
  std::vector<Post> replies;
};

struct Team {
  std::string name, display_name, type = "O", description;
  bool allow_open_invite = false;
};

struct Channel {
  std::string team, name, display_name, type = "O", header, purpose;
  int64_t deleted_at = 0;
};

struct TeamMembership {
  std::string roles;
  std::map<std::string, std::string> channels;  // channel name -> roles
};

struct User {
  std::string username, email, auth_service, auth_data, nickname, first_name, last_name, position, roles, locale;
  int64_t delete_at = 0;
  bool bot = false;
  std::string owner, display_name, description;  // bots
  std::map<std::string, TeamMembership> teams;
};

struct DirectChannel {
  std::vector<std::string> members;  // sorted
  std::string header;
  std::set<std::string> favorited_by;
};

struct Summary {
  uint64_t teams = 0, channels = 0, archived_channels = 0, users = 0, bots = 0, team_memberships = 0,
           channel_memberships = 0, posts = 0, replies = 0, reactions = 0, attachments = 0, emoji = 0,
           direct_channels = 0, direct_posts = 0, flags = 0, pinned = 0;
  uint64_t duplicated_posts = 0;     // a second (third…) post with the same channel, author and create_at
  uint64_t password_resets = 0;      // user lines without password or auth_data for an existing account
  uint64_t new_users = 0, updated_posts = 0, new_posts = 0;
  std::vector<std::string> errors;   // "FILE:LINE: message"
};

// What `diff` leaves out (gen-synthetic's evolve-key.json): what an import cannot carry.
struct Ignore {
  std::set<std::string> edited;           // post keys whose message and edit_at may differ
  std::set<std::string> deleted_posts;    // post keys
  std::set<std::string> deleted_channels; // "team/channel"
  std::set<std::string> removed_memberships;  // "user team/channel"
};

class Instance {
 public:
  // Imports one line (without '\n'); errors are recorded in the summary and the line skipped,
  // so that a run reports every problem.
  void import_line(std::string_view line, const std::string& file, uint64_t line_number);
  // Imports every line of an export (.jsonl, .jsonl.zst or .zip), or runs the mmctl commands of
  // apply's membership script (a path ending in .memberships.sh) against the instance.
  void import_file(const std::string& path);
  void run_membership_script(const std::string& path);

  // The instance as a bulk export, in the exporter's section order.
  std::string export_jsonl() const;
  Summary summary() const;
  std::string summary_json() const;

  // Differences with `other`, one line each ("- " only here, "+ " only there, "~ " both, differing).
  std::vector<std::string> diff(const Instance& other, const Ignore& ignore) const;

  // Accessors for tests.
  const std::map<std::string, Team>& teams() const { return teams_; }
  const std::map<std::string, Channel>& channels() const { return channels_; }  // "team/name"
  const std::map<std::string, User>& users() const { return users_; }            // lower-case username
  const std::map<std::string, std::string>& emoji() const { return emoji_; }
  // Root posts of a channel ("team/name", or "@a,b" for a direct channel's sorted members).
  const std::multimap<int64_t, Post>* posts(const std::string& channel) const;
  uint64_t password_resets() const { return password_resets_; }
  const std::vector<std::string>& errors() const { return errors_; }

 private:
  void import_team(simdjson::dom::element v);
  void import_channel(simdjson::dom::element v);
  void import_user(simdjson::dom::element v, bool bot);
  void import_emoji(simdjson::dom::element v);
  void import_direct_channel(simdjson::dom::element v);
  void import_post(simdjson::dom::element v, bool direct);
  void merge_post(Post& into, simdjson::dom::element v, bool root);
  std::string canonical_post(const Post& p, bool ignore_edit) const;

  std::map<std::string, Team> teams_;
  std::vector<std::string> team_order_;
  std::map<std::string, Channel> channels_;
  std::vector<std::string> channel_order_;
  std::map<std::string, User> users_;
  std::vector<std::string> user_order_;
  std::map<std::string, std::string> email_owner_;  // e-mail -> lower-case username
  std::map<std::string, std::string> emoji_;        // name -> image
  std::vector<std::string> emoji_order_;
  std::map<std::string, DirectChannel> directs_;    // "@a,b" -> channel
  std::vector<std::string> direct_order_;
  std::map<std::string, std::multimap<int64_t, Post>> posts_;
  uint64_t password_resets_ = 0, new_users_ = 0, updated_posts_ = 0, new_posts_ = 0;
  std::vector<std::string> errors_;
};

// Reads gen-synthetic's evolve-key.json into what diff ignores.
Ignore read_ignore(const std::string& path);

// The key of a post as the issue defines it: "team/channel user create_at", or
// "@a,b user create_at" for a direct post.
std::string post_key(const std::string& channel, const std::string& user, int64_t create_at);

}  // namespace mm::model_import
