#include "tools/gen-synthetic/Model.h"

namespace mm::gen {

void number_lines(Export& e) {
  uint64_t line = 2;  // line 1 is the version line
  for (auto& s : e.schemes) s.line = line++;
  for (auto& r : e.roles) r.line = line++;
  for (auto& t : e.teams) t.line = line++;
  for (auto& c : e.channels) c.line = line++;
  for (auto& u : e.users) u.line = line++;
  for (auto& b : e.bots) b.line = line++;
  e.first_post_line = line;
  line += e.posts;
  for (auto& m : e.emoji) m.line = line++;
  for (auto& d : e.direct_channels) d.line = line++;
  e.first_direct_post_line = line;
  line += e.direct_posts;
  e.lines = line - 1;
}

}  // namespace mm::gen
