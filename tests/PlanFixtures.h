// Shared by the unit tests and fuzz targets that build a merge plan by hand: a user decision in
// one call (the fields a test sets most; the rest keep their defaults).
#pragma once

#include <string>

#include "model/MergePlan.h"

namespace mm::test {

inline UserDecision user_decision(std::string username, UserAction action, std::string target, bool emit = true) {
  UserDecision d;
  d.username = std::move(username);
  d.action = action;
  d.target = std::move(target);
  d.emit = emit;
  return d;
}

}  // namespace mm::test
