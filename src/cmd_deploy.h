/*
 * cmd_deploy.h - "gpforge deploy": a build's GPOs into Active Directory.
 */
#ifndef CMD_DEPLOY_H
#define CMD_DEPLOY_H

int cmd_deploy(int argc, char **argv);

#endif
