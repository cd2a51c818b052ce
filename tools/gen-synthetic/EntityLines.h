// The JSONL lines of an export's objects (everything but posts), in the field layout the
// server's exporter writes.
#pragma once

#include <string>

#include "tools/gen-synthetic/Model.h"

namespace mm::gen {

// version, scheme, role, team, channel, user and bot lines.
void append_head_lines(const Export& e, std::string& out);
// emoji lines (image paths relative to data/: "emoji/<id>/image").
void append_emoji_lines(const Export& e, std::string& out);
// direct_channel lines, with "participants".
void append_direct_channel_lines(const Export& e, std::string& out);

std::string emoji_image_path(const Emoji& emoji);

}  // namespace mm::gen
