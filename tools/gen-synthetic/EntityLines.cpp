#include "tools/gen-synthetic/EntityLines.h"

#include "io/JsonWriter.h"

namespace mm::gen {
namespace {

void role_object(JsonWriter& w, const Role& r) {
  w.begin_object();
  w.key("name").value(r.name);
  w.key("display_name").value(r.display_name);
  w.key("description").value(r.description);
  w.key("permissions").begin_array();
  for (const std::string& p : r.permissions) w.value(p);
  w.end_array();
  w.key("scheme_managed").value(false);
  w.end_object();
}

void line_end(std::string& out) { out += '\n'; }

}  // namespace

std::string emoji_image_path(const Emoji& emoji) { return "emoji/" + emoji.id + "/image"; }

void append_head_lines(const Export& e, std::string& out) {
  out += "{\"type\":\"version\",\"version\":1,\"info\":{\"generator\":\"gen-synthetic\",\"version\":\"" MATTERMERGE_VERSION
         "\",\"created\":\"2024-01-01T00:00:00Z\"}}\n";
  for (const Scheme& s : e.schemes) {
    JsonWriter w(out);
    w.begin_object().key("type").value("scheme").key("scheme").begin_object();
    w.key("name").value(s.name).key("display_name").value(s.display_name).key("description").value(s.description);
    w.key("scope").value("team");
    static constexpr const char* kKeys[] = {"default_team_admin_role", "default_team_user_role",
                                            "default_channel_admin_role", "default_channel_user_role"};
    for (size_t i = 0; i < 4; ++i) {
      w.key(kKeys[i]);
      role_object(w, s.roles[i]);
    }
    w.end_object().end_object();
    line_end(out);
  }
  for (const Role& r : e.roles) {
    JsonWriter w(out);
    w.begin_object().key("type").value("role").key("role");
    role_object(w, r);
    w.end_object();
    line_end(out);
  }
  for (const Team& t : e.teams) {
    JsonWriter w(out);
    w.begin_object().key("type").value("team").key("team").begin_object();
    w.key("name").value(t.name).key("display_name").value(t.display_name);
    w.key("type").value(std::string(1, t.type)).key("description").value(t.description);
    w.key("allow_open_invite").value(t.type == 'O');
    w.end_object().end_object();
    line_end(out);
  }
  for (const Channel& c : e.channels) {
    JsonWriter w(out);
    w.begin_object().key("type").value("channel").key("channel").begin_object();
    w.key("team").value(e.teams[c.team].name).key("name").value(c.name).key("display_name").value(c.display_name);
    w.key("type").value(std::string(1, c.type)).key("header").value(c.header).key("purpose").value(c.purpose);
    w.key("deleted_at").value(c.deleted_at);
    w.end_object().end_object();
    line_end(out);
  }
  for (const User& u : e.users) {
    JsonWriter w(out);
    w.begin_object().key("type").value("user").key("user").begin_object();
    w.key("username").value(u.username).key("email").value(u.email);
    w.key("auth_service");
    if (u.auth_service.empty()) w.null();
    else w.value(u.auth_service);
    if (!u.auth_data.empty()) w.key("auth_data").value(u.auth_data);
    w.key("nickname").value(u.nickname).key("first_name").value(u.first_name).key("last_name").value(u.last_name);
    w.key("position").value(u.position);
    if (!u.profile_image.empty()) w.key("profile_image").value(u.profile_image);
    if (u.has_roles) w.key("roles").value(u.roles);
    if (!u.locale.empty()) w.key("locale").value(u.locale);
    w.key("delete_at").value(u.delete_at);
    w.key("teams").begin_array();
    for (const TeamMembership& tm : u.teams) {
      w.begin_object().key("name").value(e.teams[tm.team].name).key("roles").value(tm.roles);
      w.key("channels").begin_array();
      for (const ChannelMembership& cm : tm.channels) {
        w.begin_object().key("name").value(e.channels[cm.channel].name).key("roles").value(cm.roles);
        w.key("notify_props").begin_object().key("desktop").value("default").key("mobile").value("default");
        w.key("mark_unread").value("all").end_object();
        w.key("favorite").value(cm.favorite).end_object();
      }
      w.end_array().end_object();
    }
    w.end_array();
    if (!u.theme.empty()) w.key("theme").value(u.theme);
    w.key("military_time").value("false").key("message_display").value("clean");
    if (!u.notify_props.empty()) {
      w.key("notify_props").begin_object();
      for (const auto& [k, v] : u.notify_props) w.key(k).value(v);
      w.end_object();
    }
    w.end_object().end_object();
    line_end(out);
  }
  for (const Bot& b : e.bots) {
    JsonWriter w(out);
    w.begin_object().key("type").value("bot").key("bot").begin_object();
    w.key("username").value(b.username).key("owner").value(b.owner).key("display_name").value(b.display_name);
    w.key("description").value(b.description).key("delete_at").value(0);
    w.end_object().end_object();
    line_end(out);
  }
}

void append_emoji_lines(const Export& e, std::string& out) {
  for (const Emoji& m : e.emoji) {
    JsonWriter w(out);
    w.begin_object().key("type").value("emoji").key("emoji").begin_object();
    w.key("name").value(m.name).key("image").value(emoji_image_path(m));
    w.end_object().end_object();
    line_end(out);
  }
}

void append_direct_channel_lines(const Export& e, std::string& out) {
  for (const DirectChannel& d : e.direct_channels) {
    JsonWriter w(out);
    w.begin_object().key("type").value("direct_channel").key("direct_channel").begin_object();
    w.key("participants").begin_array();
    for (uint32_t m : d.members) {
      w.begin_object().key("username").value(e.users[m].username);
      w.key("notify_props").begin_object().key("desktop").value("default").key("mobile").value("default");
      w.key("mark_unread").value("all").end_object();
      w.key("scheme_user").value(true).end_object();
    }
    w.end_array();
    w.key("favorited_by").begin_array();
    for (uint32_t m : d.favorited_by) w.value(e.users[m].username);
    w.end_array();
    w.key("header").value(d.header);
    w.end_object().end_object();
    line_end(out);
  }
}

}  // namespace mm::gen
