wrk.headers['Authorization']='Bearer t'
