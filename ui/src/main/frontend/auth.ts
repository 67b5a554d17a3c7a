import { configureAuth } from '@vaadin/hilla-react-auth';
import { UserInfoService } from 'Frontend/generated/endpoints';

// The signed-in user, asked once per page load (login and logout are full page loads). The generated router's
// protect() reads this context for the views' loginRequired / rolesAllowed configs.
const auth = configureAuth(UserInfoService.me, { getRoles: (user) => user.roles });

export const useAuth = auth.useAuth;
export const AuthProvider = auth.AuthProvider;
