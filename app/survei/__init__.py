"""The Survei Kepuasan Masyarakat: invitations, answers, the index and its periods."""
