/*
 * cmd_build.h - "gpforge build": the Outlook Safe Senders GPO and kit.
 */
#ifndef CMD_BUILD_H
#define CMD_BUILD_H

int cmd_build(int argc, char **argv);

#endif
