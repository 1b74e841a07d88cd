// SPDX-License-Identifier: GPL-2.0
/*
 * The nassec module is loaded, live, and is the very nassec.ko built in this
 * tree (its GNU build-id note matches the file named by $NASSEC_MODULE).
 */
#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "../uapi/linux/nassec.h"

#define SYSFS_MODULE "/sys/module/nassec"

/* Reads a whole (small) file; returns its length or -1. */
static ssize_t read_file(const char *path, void *buf, size_t size)
{
	ssize_t total = 0, n;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	while ((size_t)total < size && (n = read(fd, (char *)buf + total, size - total)) > 0)
		total += n;
	close(fd);
	return n < 0 ? -1 : total;
}

/* First line of a sysfs attribute, newline stripped; NULL on error. */
static char *read_attr(const char *path, char *buf, size_t size)
{
	ssize_t n = read_file(path, buf, size - 1);

	if (n < 0)
		return NULL;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return buf;
}

/* Reads exactly len bytes at offset; 0 or -1. */
static int read_at(int fd, void *buf, size_t len, off_t offset)
{
	return pread(fd, buf, len, offset) == (ssize_t)len ? 0 : -1;
}

/*
 * Copies the section called wanted of the ELF file at path (for
 * .note.gnu.build-id, the exact bytes the kernel exposes in
 * /sys/module/<m>/notes/). Returns the section size, or -1.
 */
static ssize_t elf_section(const char *path, const char *wanted, void *out, size_t size)
{
	size_t wlen = strlen(wanted) + 1;
	Elf64_Ehdr eh;
	Elf64_Shdr sh, strtab;
	char name[64];
	ssize_t found = -1;
	unsigned int i;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || wlen > sizeof(name))
		goto out;
	if (read_at(fd, &eh, sizeof(eh), 0) || memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_shentsize != sizeof(sh) ||
	    eh.e_shstrndx >= eh.e_shnum ||
	    read_at(fd, &strtab, sizeof(strtab), eh.e_shoff + (off_t)eh.e_shstrndx * sizeof(sh)))
		goto out;
	for (i = 0; i < eh.e_shnum && found < 0; i++) {
		if (read_at(fd, &sh, sizeof(sh), eh.e_shoff + (off_t)i * sizeof(sh)) ||
		    sh.sh_name >= strtab.sh_size ||
		    pread(fd, name, wlen, strtab.sh_offset + sh.sh_name) != (ssize_t)wlen ||
		    memcmp(name, wanted, wlen))
			continue;
		if (sh.sh_size <= size && !read_at(fd, out, sh.sh_size, sh.sh_offset))
			found = sh.sh_size;
		break;
	}
out:
	if (fd >= 0)
		close(fd);
	return found;
}

TEST(sysfs_entry_exists)
{
	struct stat st;

	ASSERT_EQ(0, stat(SYSFS_MODULE, &st)) {
		TH_LOG("%s: %s (module not loaded?)", SYSFS_MODULE, strerror(errno));
	}
	EXPECT_TRUE(S_ISDIR(st.st_mode));
}

TEST(initstate_live)
{
	char state[64];

	ASSERT_NE(NULL, read_attr(SYSFS_MODULE "/initstate", state, sizeof(state))) {
		TH_LOG("initstate: %s", strerror(errno));
	}
	EXPECT_STREQ("live", state);
}

TEST(refcnt_readable)
{
	char text[32], *end;
	long refcnt;

	ASSERT_NE(NULL, read_attr(SYSFS_MODULE "/refcnt", text, sizeof(text))) {
		TH_LOG("refcnt: %s", strerror(errno));
	}
	errno = 0;
	refcnt = strtol(text, &end, 10);
	ASSERT_EQ(0, errno);
	ASSERT_NE(&text[0], end);
	EXPECT_EQ('\0', *end);
	EXPECT_GE(refcnt, 0);
}

TEST(listed_live_in_proc_modules)
{
	char line[512];
	bool found = false;
	FILE *f = fopen("/proc/modules", "r");

	ASSERT_NE(NULL, f);
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, "nassec ", 7))
			continue;
		found = true;
		EXPECT_NE(NULL, strstr(line, " Live ")) {
			TH_LOG("%s", line);
		}
	}
	fclose(f);
	EXPECT_TRUE(found);
}

TEST(loaded_module_is_this_build)
{
	const char *ko = getenv("NASSEC_MODULE");
	char file_note[256], live_note[256];
	ssize_t file_len, live_len;

	ASSERT_NE(NULL, ko) {
		TH_LOG("NASSEC_MODULE (path of the built nassec.ko) is not set");
	}
	file_len = elf_section(ko, ".note.gnu.build-id", file_note, sizeof(file_note));
	ASSERT_GT(file_len, 0) {
		TH_LOG("%s: no readable .note.gnu.build-id", ko);
	}
	live_len = read_file(SYSFS_MODULE "/notes/.note.gnu.build-id", live_note,
			     sizeof(live_note));
	ASSERT_EQ(file_len, live_len);
	EXPECT_EQ(0, memcmp(file_note, live_note, file_len)) {
		TH_LOG("loaded nassec is not %s", ko);
	}
}

/*
 * The generic netlink core asks for "net-pf-16-proto-16-family-NAME" when a
 * family is resolved that is not registered: with this alias in .modinfo
 * (depmod puts it in modules.alias) nassec loads on first use.
 */
TEST(modinfo_has_the_genl_family_alias_for_autoload)
{
	static const char alias[] = "alias=net-pf-16-proto-16-family-" NASSEC_GENL_NAME;
	const char *ko = getenv("NASSEC_MODULE");
	static char modinfo[64 * 1024];
	bool found = false;
	ssize_t len, off;

	ASSERT_NE(NULL, ko);
	len = elf_section(ko, ".modinfo", modinfo, sizeof(modinfo));
	ASSERT_GT(len, 0) TH_LOG("%s: no readable .modinfo", ko);
	/* NUL-separated key=value strings */
	for (off = 0; off < len; off += strnlen(modinfo + off, len - off) + 1)
		found |= off + (ssize_t)sizeof(alias) <= len &&
			 !memcmp(modinfo + off, alias, sizeof(alias));
	EXPECT_TRUE(found) TH_LOG("%s: no %s", ko, alias);
}

/*
 * Nothing holds nassec while no socket is attached: in particular its NAS
 * crypto pool holds no tfm of nassec's own algorithms (which would pin it
 * for good), so rmmod works.
 */
TEST(nothing_pins_the_module_while_no_socket_is_attached)
{
	char text[32];

	ASSERT_NE(NULL, read_attr(SYSFS_MODULE "/refcnt", text, sizeof(text)));
	EXPECT_STREQ("0", text);
}

TEST_HARNESS_MAIN
