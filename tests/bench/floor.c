/* The floor for the port-scan benchmark: one blocking connect after
 * another, nothing else.  floor FIRST LAST: connects to 127.0.0.1 on each
 * port and prints how many accepted. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sockaddr_in sin = {.sin_family = AF_INET};
	long first, last, open = 0;
	int fd;

	if (argc != 3)
		return 64;
	first = strtol(argv[1], NULL, 10);
	last = strtol(argv[2], NULL, 10);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	for (long port = first; port <= last; port++) {
		fd = socket(AF_INET, SOCK_STREAM, 0);
		if (fd < 0)
			return 70;
		sin.sin_port = htons((uint16_t)port);
		if (connect(fd, (struct sockaddr *)&sin, sizeof sin) == 0)
			open++;
		close(fd);
	}
	printf("%ld open\n", open);
	return 0;
}
