// The objects of one generated export (everything but the posts, which are generated block by
// block from this model) and the line each object is written on.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace mm::gen {

// create_at of the first post (2023-01-01T00:00:00Z); archive and deactivation times follow it.
inline constexpr int64_t kStartTimeMs = 1672531200000;

struct Role {
  std::string name;
  std::string display_name;
  std::string description;
  std::vector<std::string> permissions;  // in the order written
  uint64_t line = 0;
};

struct Scheme {
  std::string name;
  std::string display_name;
  std::string description;
  // default_team_admin_role, default_team_user_role, default_channel_admin_role,
  // default_channel_user_role (scope "team").
  std::array<Role, 4> roles;
  uint64_t line = 0;
};

struct Team {
  std::string name;
  std::string display_name;
  std::string description;
  std::string id;
  char type = 'O';
  std::vector<uint32_t> channels;
  uint64_t line = 0;
};

struct Channel {
  uint32_t team = 0;
  std::string name;
  std::string display_name;
  std::string header;
  std::string purpose;
  std::string id;
  char type = 'O';
  int64_t deleted_at = 0;
  std::vector<uint32_t> members;  // user indices, for picking authors
  uint64_t line = 0;
};

struct ChannelMembership {
  uint32_t channel = 0;
  std::string roles;
  bool favorite = false;
};

struct TeamMembership {
  uint32_t team = 0;
  std::string roles;
  std::vector<ChannelMembership> channels;
};

using StringPairs = std::vector<std::pair<std::string, std::string>>;

struct User {
  std::string username;
  std::string email;
  std::string auth_service;  // "" = password login, written as null
  std::string auth_data;
  std::string first_name;
  std::string last_name;
  std::string nickname;
  std::string position;
  bool has_roles = true;  // false: no "roles" key
  std::string roles;
  std::string locale;  // "" = absent
  std::string theme;   // "" = absent
  StringPairs notify_props;  // empty = absent; written in this order
  int64_t delete_at = 0;
  std::vector<TeamMembership> teams;
  std::string id;
  uint64_t line = 0;
  std::string profile_image;  // "" = absent
};

struct Bot {
  std::string username;
  std::string owner;
  std::string display_name;
  std::string description;
  uint64_t line = 0;
};

struct Emoji {
  std::string name;
  std::string id;
  uint64_t line = 0;
};

struct DirectChannel {
  std::vector<uint32_t> members;  // user indices; a self-DM lists the user twice
  std::vector<uint32_t> favorited_by;
  std::string header;
  uint64_t line = 0;
};

struct Export {
  std::string label;  // "source" or "target"
  std::vector<Scheme> schemes;
  std::vector<Role> roles;
  std::vector<Team> teams;
  std::vector<Channel> channels;
  std::vector<User> users;
  std::vector<Bot> bots;
  std::vector<Emoji> emoji;
  std::vector<DirectChannel> direct_channels;
  uint64_t posts = 0;         // post lines
  uint64_t direct_posts = 0;  // direct_post lines
  uint64_t first_post_line = 0;
  uint64_t first_direct_post_line = 0;
  uint64_t lines = 0;
  int64_t start_time_ms = 0;  // create_at of the first post
  std::vector<double> channel_weights;  // cumulative, for picking a post's channel
};

// Sets every object's line number (and the post sections' first lines), in the exporter's
// order: version, scheme, role, team, channel, user, bot, post, emoji, direct_channel,
// direct_post.
void number_lines(Export& e);

}  // namespace mm::gen
