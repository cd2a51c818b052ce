// io/ImportTree: every path is resolved beneath the tree, by openat2 and by the portable walk
// that replaces it where the kernel lacks it; both refuse the same escapes with EXDEV.
#include <cerrno>
#include <filesystem>
#include <functional>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include "io/Error.h"
#include "io/ImportTree.h"
#include "io/TreeLinker.h"
#include "tests/unit/TestUtil.h"

namespace mm::test {
namespace {

namespace fs = std::filesystem;

// DIR/outside.txt beside DIR/tree/ (the import tree), with links of every kind inside the tree.
class ImportTreeTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    fs::create_directories(dir.file("tree/data/a/b"));
    fs::create_directories(dir.file("elsewhere"));
    write_file(dir.file("outside.txt"), "secret");
    write_file(dir.file("elsewhere/e.png"), "secret");
    write_file(dir.file("tree/data/a/b/f.png"), "inside");
    fs::create_symlink("../../outside.txt", dir.file("tree/data/out.png"));   // relative, leaves
    fs::create_symlink(dir.file("outside.txt"), dir.file("tree/data/abs.png"));  // absolute
    fs::create_symlink("a/b/f.png", dir.file("tree/data/in.png"));            // stays inside
    fs::create_symlink("../data/a", dir.file("tree/data/alias"));             // directory, inside
    fs::create_symlink("../../elsewhere", dir.file("tree/data/dirout"));      // directory, leaves
    fs::create_symlink("loop", dir.file("tree/data/loop"));
  }

  // Opens `relative` beneath the tree the way the parameter picks; returns the content or the errno.
  std::string open(const std::string& relative, int* err) {
    ImportTree tree(dir.file("tree"));
    int fd = GetParam() ? open_beneath_portable(tree.fd(), relative) : tree.open(relative);
    *err = fd < 0 ? errno : 0;
    if (fd < 0) return {};
    char buffer[64];
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    ::close(fd);
    return n > 0 ? std::string(buffer, static_cast<size_t>(n)) : std::string();
  }

  int error_of(const std::string& relative) {
    int err = 0;
    open(relative, &err);
    return err;
  }

  TempDir dir;
};

TEST_P(ImportTreeTest, AFileInsideIsRead) {
  int err = 0;
  EXPECT_EQ(open("data/a/b/f.png", &err), "inside");
  EXPECT_EQ(open("data/a/../a/b/./f.png", &err), "inside");  // `..` that stays inside
  EXPECT_EQ(err, 0);
}

TEST_P(ImportTreeTest, ALinkThatStaysInsideIsFollowed) {
  int err = 0;
  EXPECT_EQ(open("data/in.png", &err), "inside");
  EXPECT_EQ(open("data/alias/b/f.png", &err), "inside");  // a directory link in the middle
  EXPECT_EQ(err, 0);
}

TEST_P(ImportTreeTest, AnAbsolutePathLeaves) {
  EXPECT_EQ(error_of(dir.file("outside.txt")), EXDEV);
  EXPECT_EQ(error_of("/etc/hostname"), EXDEV);
}

TEST_P(ImportTreeTest, DotDotAboveTheRootLeaves) {
  EXPECT_EQ(error_of("../outside.txt"), EXDEV);
  EXPECT_EQ(error_of("data/../../outside.txt"), EXDEV);
}

TEST_P(ImportTreeTest, ASymlinkOutLeaves) {
  EXPECT_EQ(error_of("data/out.png"), EXDEV);
  EXPECT_EQ(error_of("data/abs.png"), EXDEV);  // absolute links are refused wherever they point
  EXPECT_TRUE(leaves_tree(error_of("data/out.png")));
}

TEST_P(ImportTreeTest, ADirectoryLinkOutLeaves) {
  EXPECT_EQ(error_of("data/dirout/e.png"), EXDEV);
  EXPECT_EQ(error_of("data/dirout/none.png"), EXDEV);
}

TEST_P(ImportTreeTest, OtherErrorsAreNotEscapes) {
  EXPECT_EQ(error_of("data/none.png"), ENOENT);
  EXPECT_EQ(error_of("data/a/b/f.png/x"), ENOTDIR);
  EXPECT_EQ(error_of("data/loop"), ELOOP);
  EXPECT_FALSE(leaves_tree(ENOENT));
}

TEST_P(ImportTreeTest, StatResolvesBeneathToo) {
  ImportTree tree(dir.file("tree"));
  struct stat st;
  ASSERT_EQ(tree.stat("data/in.png", st), 0);
  EXPECT_TRUE(S_ISREG(st.st_mode));
  EXPECT_EQ(st.st_size, 6);
  ASSERT_EQ(tree.stat("data/a", st), 0);
  EXPECT_TRUE(S_ISDIR(st.st_mode));
  EXPECT_EQ(tree.stat("data/out.png", st), -1);
  EXPECT_EQ(errno, EXDEV);
  EXPECT_EQ(tree.stat("data/dirout/e.png", st), -1);
  EXPECT_EQ(errno, EXDEV);
}

INSTANTIATE_TEST_SUITE_P(Resolution, ImportTreeTest, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& info) { return info.param ? "Portable" : "Openat2"; });

TEST_F(ImportTreeTest, TreeLinkerLinksOnlyFilesBeneathTheTree) {
  fs::create_directories(dir.file("out"));
  ImportTree tree(dir.file("tree"));
  TreeLinker linker(tree.fd(), dir.file("out"));
  EXPECT_EQ(linker.place("data/in.png", "data/x/in.png"), TreeLinker::Placed::kLinked);  // the file, not the link
  EXPECT_FALSE(fs::is_symlink(dir.file("out/data/x/in.png")));
  EXPECT_EQ(read_file(dir.file("out/data/x/in.png")), "inside");
  EXPECT_EQ(linker.place("data/in.png", "data/x/in.png"), TreeLinker::Placed::kExisted);
  EXPECT_THROW(linker.place("data/out.png", "data/out.png"), Error);
  EXPECT_THROW(linker.place("data/dirout/e.png", "data/e.png"), Error);
  EXPECT_FALSE(fs::exists(dir.file("out/data/out.png")));
  EXPECT_FALSE(fs::exists(dir.file("out/data/e.png")));
  // A link in the output tree is not followed either.
  fs::create_symlink(dir.file("elsewhere"), dir.file("out/data/y"));
  EXPECT_THROW(linker.place("data/a/b/f.png", "data/y/f.png"), Error);
  EXPECT_FALSE(fs::exists(dir.file("elsewhere/f.png")));
  EXPECT_TRUE(linker.exists_in_source("data/out.png"));  // taken, though it leads out
  EXPECT_FALSE(linker.exists_in_source("data/none.png"));
}

TEST(ImportTree, ADirectoryThatCannotBeOpenedIsAnError) {
  EXPECT_THROW(ImportTree("/no/such/dir"), Error);
}

}  // namespace
}  // namespace mm::test
