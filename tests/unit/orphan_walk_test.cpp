// find_orphans (stages/OrphanWalk.h): the files under data/ no line refers to.
#include <gtest/gtest.h>

#include <filesystem>

#include "io/ImportTree.h"
#include "stages/OrphanWalk.h"
#include "tests/unit/TestUtil.h"

namespace mm {
namespace {

TEST(OrphanWalk, ListsUnreferencedRegularFilesSortedAndCapped) {
  test::TempDir dir;
  std::filesystem::create_directories(dir.file("data/a/b"));
  test::write_file(dir.file("data/a/used.png"), "x");
  test::write_file(dir.file("data/a/b/z.txt"), "123");
  test::write_file(dir.file("data/a/b/y.txt"), "12");
  test::write_file(dir.file("data/top.bin"), "1234");
  test::write_file(dir.file("outside.txt"), "not under data/");
  std::filesystem::create_symlink(dir.file("outside.txt"), dir.file("data/link.txt"));

  Orphans all = find_orphans(ImportTree(dir.path()), {"data/a/used.png"}, 10);
  EXPECT_EQ(all.count, 3u);
  EXPECT_EQ(all.bytes, 9u);
  EXPECT_EQ(all.paths, (std::vector<std::string>{"data/a/b/y.txt", "data/a/b/z.txt", "data/top.bin"}));

  Orphans capped = find_orphans(ImportTree(dir.path()), {"data/a/used.png"}, 1);
  EXPECT_EQ(capped.count, 3u);  // all counted, the first listed
  EXPECT_EQ(capped.paths, (std::vector<std::string>{"data/a/b/y.txt"}));
}

TEST(OrphanWalk, NoDataDirectoryNoOrphans) {
  test::TempDir dir;
  Orphans none = find_orphans(ImportTree(dir.path()), {}, 10);
  EXPECT_EQ(none.count, 0u);
  EXPECT_TRUE(none.paths.empty());
}

}  // namespace
}  // namespace mm
