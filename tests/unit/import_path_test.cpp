#include <gtest/gtest.h>

#include "stages/ImportPath.h"

namespace mm {
namespace {

TEST(ImportPath, CleanMatchesGo) {
  EXPECT_EQ(clean_path("a//b/./c/"), "a/b/c");
  EXPECT_EQ(clean_path("a/b/../c"), "a/c");
  EXPECT_EQ(clean_path("../a"), "../a");
  EXPECT_EQ(clean_path("/../a"), "/a");
  EXPECT_EQ(clean_path(""), ".");
  EXPECT_EQ(clean_path("a/.."), ".");
}

TEST(ImportPath, ResolvesUnderData) {
  EXPECT_EQ(resolve_import_path("20240101/teams/t/f.png").value(), "data/20240101/teams/t/f.png");
  EXPECT_EQ(resolve_import_path("/abs/f.png").value(), "data/abs/f.png");  // leading '/' absorbed
  EXPECT_EQ(resolve_import_path("a/../b.png").value(), "data/b.png");
  EXPECT_EQ(resolve_import_path("....").value(), "data/....");
}

TEST(ImportPath, RejectsEscapes) {
  EXPECT_FALSE(resolve_import_path("../etc/passwd"));
  EXPECT_FALSE(resolve_import_path("a/../../b"));
  EXPECT_FALSE(resolve_import_path(".."));
  EXPECT_TRUE(resolve_import_path("a/.."));  // "data" itself
}

}  // namespace
}  // namespace mm
